using System.Reflection;
using System.Text.Json.Serialization;

namespace Firebreak.Core.Incidents;

/// <summary>Reads and parses the lowercase names an enum shows on the wire.</summary>
public static class WireNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => Cache<TEnum>.ToName[value];

    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Cache<TEnum>.Names;

    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum =>
        Cache<TEnum>.FromName.TryGetValue(text?.Trim() ?? string.Empty, out value);

    private static class Cache<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ToName = Enum.GetValues<TEnum>().ToDictionary(
            v => v,
            v => typeof(TEnum).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                 ?? v.ToString().ToLowerInvariant());

        public static readonly Dictionary<string, TEnum> FromName =
            ToName.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

        public static readonly string[] Names = [.. ToName.Values];
    }
}

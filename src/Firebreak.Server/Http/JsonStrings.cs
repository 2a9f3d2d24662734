using System.Text.Json;
using Firebreak.Core.Common;

namespace Firebreak.Server.Http;

/// <summary>
/// The edge check of <see cref="InputGuard"/> for JSON bodies: no string in the document, and no
/// property name, may hold a NUL or another control character other than tabs and line breaks. Runs
/// before the serializer, so a NUL is named even in a field the request type does not have; the error
/// names the field by its path (<c>checklist.safe</c>, <c>services[1]</c>), as the serializer's own errors do.
/// </summary>
internal static class JsonStrings
{
    /// <summary>The first string or field name holding a control character, or null (also for a body that is not JSON: the serializer says what is wrong with it).</summary>
    public static Invalid? Check(byte[] json)
    {
        try
        {
            return Scan(json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static Invalid? Scan(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        var frames = new List<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    Advance(frames);
                    frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    break;
                case JsonTokenType.PropertyName:
                    if (MayHide(ref reader) && Text.Forbidden(Path(frames), reader.GetString()!, line: true) is { } name)
                    {
                        return name with { Message = $"A field name in '{name.Field}' contains control characters; remove them." };
                    }

                    frames[^1].Property = reader.GetString();
                    break;
                case JsonTokenType.String:
                    Advance(frames);
                    if (MayHide(ref reader) && Text.Forbidden(Path(frames), reader.GetString()!, line: false) is { } value)
                    {
                        return value;
                    }

                    break;
                default:
                    Advance(frames);
                    break;
            }
        }

        return null;
    }

    /// <summary>Control characters below U+0020 must be escaped in JSON; DEL and C1 (U+0080–U+009F, 0xC2 0x80–0x9F in UTF-8) may stand as they are.</summary>
    private static bool MayHide(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.ValueSpan.IndexOfAny((byte)0x7F, (byte)0xC2) >= 0;

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string Path(List<Frame> frames)
    {
        var path = new System.Text.StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Property is { } property)
            {
                path.Append(path.Length == 0 ? string.Empty : ".").Append(property);
            }
        }

        return path.Length == 0 ? "body" : path.ToString();
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Property { get; set; }
    }
}

using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Firebreak.Server.Web;

/// <summary>
/// The UI's CSS and script, embedded in the program so the one binary serves them from anywhere,
/// with a content hash in the URL so browsers can cache them for good.
/// </summary>
public static class WebAssets
{
    private static readonly FrozenDictionary<string, (byte[] Content, string Type, string Hash)> Files = Load();

    public static string Url(string name) => $"/assets/{name}?v={Files[name].Hash}";

    public static void MapWebAssets(this WebApplication app) =>
        app.MapGet("/assets/{name}", (string name, HttpContext http) =>
            {
                if (!Files.TryGetValue(name, out var file))
                {
                    return Results.NotFound();
                }

                http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                return Results.Bytes(file.Content, file.Type);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        const string prefix = "Firebreak.Server.Web.Assets.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(
                n => n[prefix.Length..],
                n =>
                {
                    using var stream = assembly.GetManifestResourceStream(n)!;
                    using var memory = new MemoryStream();
                    stream.CopyTo(memory);
                    var bytes = memory.ToArray();
                    var type = n.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
                    return (bytes, type, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
                });
    }
}

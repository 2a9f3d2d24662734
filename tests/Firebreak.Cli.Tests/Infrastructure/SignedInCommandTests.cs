using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Firebreak.Cli.Tests.Infrastructure;

/// <summary>
/// Command tests through the real executable, signed in as the server's admin, with a folder for the
/// files they attach and download, and the helpers they declare and read incidents with. The server
/// is shared, so every test works on incidents (and users) of its own.
/// </summary>
public abstract class SignedInCommandTests(ServerProcess server) : IAsyncLifetime, IDisposable
{
    protected ServerProcess Server { get; } = server;

    protected CliRunner Cli { get; } = new();

    protected TempDirectory Files { get; } = new();

    public async Task InitializeAsync() => (await Cli.RunAsync("login", Server.Url, "--token", Server.AdminToken!)).Succeeded();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Cli.Dispose();
        Files.Dispose();
    }

    protected async Task<JsonElement> DeclareAsync(string title, params string[] options) =>
        (await Cli.RunAsync(["declare", title, .. options, "--json"])).Succeeded().Json();

    protected async Task<JsonElement> LogJsonAsync(string key, string kind, string text) =>
        (await Cli.RunAsync("log", key, kind, text, "--json")).Succeeded().Json();

    protected async Task<JsonElement> ShowJsonAsync(string key)
    {
        var json = (await Cli.RunAsync("show", key, "--json")).Succeeded().Json();
        Assert.Equal(JsonValueKind.Object, json.GetProperty("incident").ValueKind);
        return json;
    }

    protected async Task<(string Username, string Password)> CreateUserWithPasswordAsync(string name)
    {
        var username = Unique(name);
        var created = (await Cli.RunAsync("user", "create", username, "--role", "responder", "--json")).Succeeded().Json();
        return (username, created.GetProperty("password").GetString()!);
    }

    protected static string EntryVersion(JsonElement entry) => entry.GetProperty("version").GetInt64().ToString(CultureInfo.InvariantCulture);

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    protected static string Key(JsonElement incident) => incident.GetProperty("key").GetString()!;

    protected static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    protected static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    protected static List<string> TimelineTexts(JsonElement shown) =>
        [.. shown.GetProperty("timeline").EnumerateArray().Select(i => i.GetProperty("text").GetString()!)];
}

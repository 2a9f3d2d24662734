using System.Text.Json;
using Firebreak.Cli.Client;
using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Incidents;
using Firebreak.Server.Evidence;

namespace Firebreak.Cli.Tests.Client;

/// <summary>
/// The typed client the verbs use, called directly against a real server: typed DTOs and the JSON
/// they came from, If-Match and override reasons reaching the server, files both ways, and the
/// errors it raises being the ones the verbs print.
/// </summary>
public sealed class FirebreakClientTests(ServerProcess server) : IClassFixture<ServerProcess>, IDisposable
{
    private readonly FirebreakClient _client = new(server.Url, server.AdminToken!);
    private readonly TempDirectory _files = new();

    public void Dispose()
    {
        _client.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Declare_Get_AndList_ReturnTheServersDtosWithTheirJson()
    {
        var service = Unique("search");
        var (declared, declaredJson) = await _client.DeclareIncidentAsync(
            new DeclareIncidentRequest { Title = "Search returns nothing", Severity = "P2", Services = [service], Impact = "Nobody finds products" });
        Assert.Equal("SEV-3", declared.Severity);
        Assert.Equal(IncidentStatus.Investigating, declared.Status);
        Assert.Equal([service], declared.Services);
        using (var json = JsonDocument.Parse(declaredJson))
        {
            Assert.Equal(declared.Key, json.RootElement.GetProperty("key").GetString());
        }

        var (shown, _) = await _client.GetIncidentAsync(declared.Key);
        Assert.Equal(declared.Id, shown.Id);
        Assert.Equal(declared.Version, shown.Version);

        var (byNumber, _) = await _client.GetIncidentAsync(declared.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(declared.Key, byNumber.Key);

        var (page, pageJson) = await _client.ListIncidentsAsync(new IncidentListQuery { Service = service, ActiveOnly = true, Limit = 5 });
        Assert.Equal(declared.Key, Assert.Single(page.Items).Key);
        Assert.Equal(1, page.Total);
        Assert.Equal(5, page.Limit);
        using (var json = JsonDocument.Parse(pageJson))
        {
            Assert.Equal(1, json.RootElement.GetProperty("total").GetInt64());
        }

        var none = (await _client.ListIncidentsAsync(new IncidentListQuery { Service = service, Status = "resolved" })).Body;
        Assert.Empty(none.Items);
    }

    [Fact]
    public async Task IfVersion_Stale_IsThe412CliExceptionTheVerbShows()
    {
        var key = (await DeclareAsync("Flaky builds")).Key;
        var (entry, _) = await _client.AddEntryAsync(key, new AddEntryRequest { Kind = "note", Text = "first try" }, new CommandOptions(IfVersion: 2));
        Assert.Equal(3, entry.Version);

        var stale = await Assert.ThrowsAsync<CliException>(() =>
            _client.AddEntryAsync(key, new AddEntryRequest { Kind = "note", Text = "second try" }, new CommandOptions(IfVersion: 2)));
        Assert.StartsWith("412 ", stale.Message, StringComparison.Ordinal);
        Assert.Contains($"{key} changed since version 2: it is now at version 3", stale.Message, StringComparison.Ordinal);

        var staleCommand = await Assert.ThrowsAsync<CliException>(() =>
            _client.ChangeStatusAsync(key, new ChangeStatusRequest { Status = "identified" }, new CommandOptions(IfVersion: 1)));
        Assert.StartsWith("412 ", staleCommand.Message, StringComparison.Ordinal);

        using var cli = new CliRunner();
        var verb = (await cli.RunAsync("log", key, "--if-version", "2", "second try", "--server", server.Url, "--token", server.AdminToken!)).Failed();
        Assert.Equal($"error: {stale.Message}", verb.StdErr.Trim());
        Assert.Equal(stale.ExitCode, verb.ExitCode);

        var (unchanged, _) = await _client.GetIncidentAsync(key);
        Assert.Equal(3, unchanged.Version);
        Assert.Equal(IncidentStatus.Investigating, unchanged.Status);
    }

    [Fact]
    public async Task Override_ArrivesOnTheServer_AndABlankOneIsNotSent()
    {
        var key = (await DeclareAsync("Emails delayed")).Key;
        var resolve = new ChangeStatusRequest { Status = "resolved" };

        var blocked = await Assert.ThrowsAsync<CliException>(() => _client.ChangeStatusAsync(key, resolve));
        Assert.StartsWith("409 ", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("unverified-resolve", blocked.Message, StringComparison.Ordinal);

        var blank = await Assert.ThrowsAsync<CliException>(() =>
            _client.ChangeStatusAsync(key, new ChangeStatusRequest { Status = "resolved" }, new CommandOptions(Override: "   ")));
        Assert.Equal(blocked.Message, blank.Message);

        var (resolved, _) = await _client.ChangeStatusAsync(
            key, new ChangeStatusRequest { Status = "resolved" }, new CommandOptions(Override: "the customer confirmed by phone"));
        Assert.Equal(IncidentStatus.Resolved, resolved.Status);

        var (shown, _) = await _client.GetIncidentWithTimelineAsync(key);
        Assert.Contains("Guardrail unverified-resolve overridden: the customer confirmed by phone", shown.Timeline.Select(i => i.Text));
    }

    [Fact]
    public async Task IncidentWithTimeline_IsTheIncidentAsSentWithEveryEntry()
    {
        var key = (await DeclareAsync("Slow checkout")).Key;
        for (var n = 1; n <= 3; n++)
        {
            await _client.AddEntryAsync(key, new AddEntryRequest { Kind = "symptom", Text = $"p99 up, reading {n}" });
        }

        await _client.JoinAsync(key);
        var ((incident, timeline), json) = await _client.GetIncidentWithTimelineAsync(key);
        Assert.Equal(timeline[^1].Version, incident.Version);
        Assert.Equal(["p99 up, reading 1", "p99 up, reading 2", "p99 up, reading 3"], timeline.Where(i => i.Kind == "symptom").Select(i => i.Text));

        using var document = JsonDocument.Parse(json);
        Assert.Equal(incident.Version, document.RootElement.GetProperty("incident").GetProperty("version").GetInt64());
        Assert.Equal(key, document.RootElement.GetProperty("incident").GetProperty("key").GetString());
        Assert.Equal(timeline.Count, document.RootElement.GetProperty("timeline").GetArrayLength());
    }

    [Fact]
    public async Task EvidenceFiles_GoUpAndComeBackByteForByte()
    {
        var key = (await DeclareAsync("Heap grows")).Key;
        byte[] content = [0x00, 0xFF, 0x7F, 0x80, 0x0A, 0x0D, 0xC3, 0x28];
        var (kept, _) = await _client.AttachEvidenceContentAsync(key, "heap.bin", content, verification: false);
        Assert.Equal("heap.bin", kept.Name);
        Assert.Equal(content.Length, kept.Size);
        Assert.Equal(content, await _client.DownloadEvidenceAsync(key, kept.Id));

        var path = Path.Combine(_files.Path, "upload-works.png");
        await File.WriteAllBytesAsync(path, content);
        var (fromFile, _) = await _client.AttachEvidenceFileAsync(key, new FileInfo(path), verification: true);
        Assert.Equal("upload-works.png", fromFile.Name);
        Assert.True(fromFile.Verification);

        var target = Path.Combine(_files.Path, "downloaded.png");
        Assert.Equal(content.Length, await _client.DownloadEvidenceToFileAsync(key, fromFile.Id, target));
        Assert.Equal(content, await File.ReadAllBytesAsync(target));

        var (text, _) = await _client.AttachEvidenceAsync(key, new EvidenceRequest { Kind = "text", Name = "note", Text = "GC pauses 2 s" });
        var (items, _) = await _client.ListEvidenceAsync(key);
        Assert.Equal([kept.Id, fromFile.Id, text.Id], items.Select(e => e.Id));

        var missingFile = await Assert.ThrowsAsync<CliException>(() =>
            _client.AttachEvidenceFileAsync(key, new FileInfo(Path.Combine(_files.Path, "missing.log"))));
        Assert.StartsWith("There is no file ", missingFile.Message, StringComparison.Ordinal);

        var stale = await Assert.ThrowsAsync<CliException>(() =>
            _client.AttachEvidenceContentAsync(key, "late.bin", content, ifVersion: 1));
        Assert.StartsWith("412 ", stale.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_files.Path, "never.bin")));
        await Assert.ThrowsAsync<CliException>(() => _client.DownloadEvidenceToFileAsync(key, 987654, Path.Combine(_files.Path, "never.bin")));
        Assert.False(File.Exists(Path.Combine(_files.Path, "never.bin")));
    }

    [Fact]
    public async Task Password_SignsInForAToken_ThatWorksUntilRevoked()
    {
        var username = Unique("dana");
        var (created, _) = await _client.CreateUserAsync(new CreateUserRequest { Username = username, Role = "responder" });
        Assert.NotNull(created.Password);

        CreatedTokenDto token;
        using (var withPassword = FirebreakClient.WithPassword(server.Url + "/", username, created.Password))
        {
            Assert.Equal(server.Url, withPassword.Server);
            token = (await withPassword.CreateTokenAsync(new CreateTokenRequest { Name = "laptop" })).Body;
        }

        using var client = new FirebreakClient(server.Url, token.Token);
        var (me, _) = await client.GetMeAsync();
        Assert.Equal(username, me.Username);
        Assert.Contains((await client.ListTokensAsync()).Body, t => t.Id == token.Id && t.RevokedAt is null);

        await client.RevokeTokenAsync(token.Id);
        var refused = await Assert.ThrowsAsync<CliException>(() => client.GetMeAsync());
        Assert.StartsWith("401 ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAUrl_OrNoServer_AreTheVerbsMessages()
    {
        var notAUrl = Assert.Throws<CliException>(() => new FirebreakClient("not a url", "fb_whatever"));
        Assert.Equal("'not a url' is not a server URL; give one like http://127.0.0.1:5080.", notAUrl.Message);

        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var nowhere = new FirebreakClient(url, "fb_whatever");
        var unreachable = await Assert.ThrowsAsync<CliException>(() => nowhere.GetMeAsync());
        Assert.StartsWith($"Cannot reach Firebreak at {url}", unreachable.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<CliException>(() => _client.GetIncidentAsync("INC-987654"));
        Assert.StartsWith("404 ", missing.Message, StringComparison.Ordinal);
    }

    private async Task<IncidentDto> DeclareAsync(string title) =>
        (await _client.DeclareIncidentAsync(new DeclareIncidentRequest { Title = Unique(title), Severity = "P3" })).Body;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}

using System.Net;
using System.Text.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>A public update that skipped a step carries the same marks live, and on a resumed stream, as in the timeline.</summary>
public sealed class LiveTimelineMarksTests : IAsyncDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;

    public LiveTimelineMarksTests() => _factory = new() { Clock = _clock, SchedulerLoop = false };

    [Fact]
    public async Task APublicUpdatesMarks_ArriveLive_AndOnResume()
    {
        using var admin = _factory.Admin();
        var id = (await admin.DeclareAsync("Checkout returns 502", "SEV-2")).Long("id");
        await admin.PostUpdateAsync(id, "Looking into it.", "public", "investigating");
        var before = (await admin.GetIncidentAsync(id)).Long("version");
        using var _ = await _factory.UserAsync("bob", "viewer");
        using var bob = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var live = await bob.OpenAsync($"/incidents/{id}/live?after={before}");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var reader = new StreamReader(await live.Content.ReadAsStreamAsync());
        Assert.Equal(": live", await reader.ReadLineAsync());

        await admin.PostUpdateAsync(id, "A fix is out; we are watching it.", "public", "monitoring");
        var entry = await NextEntryAsync(reader, "incident.update-posted.v1");
        Assert.Equal("skipped: identified", entry.Str("publicMarks"));

        using var resumed = await bob.OpenAsync($"/incidents/{id}/live?after={before}");
        using var again = new StreamReader(await resumed.Content.ReadAsStreamAsync());
        Assert.Equal("skipped: identified", (await NextEntryAsync(again, "incident.update-posted.v1")).Str("publicMarks"));
    }

    private static async Task<JsonElement> NextEntryAsync(StreamReader reader, string type)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonDocument.Parse(line[6..]).RootElement is var item && item.Str("type") == type)
            {
                return item;
            }
        }

        throw new Xunit.Sdk.XunitException($"The stream ended before an entry of type {type}.");
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}

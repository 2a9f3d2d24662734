using System.Net;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Operations;

/// <summary>GET /api/v1/admin/stats: the server's own counters, for admins only.</summary>
public sealed class StatsTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task Stats_CountTheSqlCommandsOfAnAppend_AndTheFeedPosition()
    {
        using var admin = _factory.Admin();
        var id = await admin.DeclareIdAsync();
        var before = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/admin/stats"));

        await admin.AddEntryAsync(id, "note", "counted");

        var after = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/admin/stats"));
        Assert.True(after.Long("databaseCommands") > before.Long("databaseCommands"));
        Assert.Equal(0, after.Long("liveTimelines"));
        // The feed follows the store after each commit; give it a moment to read the new event.
        var giveUp = Environment.TickCount64 + 5_000;
        while (after.Long("feedPosition") <= before.Long("feedPosition") && Environment.TickCount64 < giveUp)
        {
            await Task.Delay(20);
            after = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/admin/stats"));
        }

        Assert.True(after.Long("feedPosition") > before.Long("feedPosition"));
    }

    [Theory]
    [InlineData("responder")]
    [InlineData("viewer")]
    public async Task Stats_AreForAdminsOnly(string role)
    {
        using var user = await _factory.UserAsync("casey", role);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/v1/admin/stats")).StatusCode);
        using var anonymous = _factory.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/admin/stats")).StatusCode);
    }

    [Fact]
    public async Task Rebuild_RewritesEveryIncidentFromItsEvents_AndChangesNothingElse()
    {
        using var admin = _factory.Admin();
        var first = await admin.DeclareIdAsync("Checkout failing", "SEV-2");
        var second = await admin.DeclareIdAsync("Search slow", "SEV-3");
        await admin.AddEntryAsync(first, "symptom", "5xx at 30 %");
        var before = (await admin.SnapshotAsync(first), await admin.SnapshotAsync(second));

        var rebuilt = await HttpAssert.JsonAsync(await admin.PostAsync("/api/v1/admin/rebuild", content: null));

        Assert.Equal(2, rebuilt.Long("rebuilt"));
        Assert.Equal(before, (await admin.SnapshotAsync(first), await admin.SnapshotAsync(second)));
        using var responder = await _factory.UserAsync("rita");
        Assert.Equal(HttpStatusCode.Forbidden, (await responder.PostAsync("/api/v1/admin/rebuild", content: null)).StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}

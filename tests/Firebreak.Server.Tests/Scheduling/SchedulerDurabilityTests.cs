using Firebreak.Storage.Streams;
using Firebreak.Server.Tests.Support;
using Firebreak.Storage;
using Firebreak.Storage.Scheduling;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Scheduling;

/// <summary>
/// A guardrail deadline is a durable row, not a timer: it survives the server stopping, and the
/// next server on the same data records the nudge exactly once. On each storage engine.
/// </summary>
public sealed class SchedulerDurabilityTests
{
    [Fact]
    public Task Sqlite_NoCommanderDeadline_SurvivesARestart_AndIsRecordedOnce() => NudgeSurvivesRestartAsync(database: null);

    [PostgresFact]
    public async Task Postgres_NoCommanderDeadline_SurvivesARestart_AndIsRecordedOnce() =>
        await NudgeSurvivesRestartAsync(await TestDatabases.NewPostgresDatabaseAsync());

    private static async Task NudgeSurvivesRestartAsync(string? database)
    {
        var data = TestDatabases.TempDirectory();
        try
        {
            long id;
            await using (var first = new FirebreakFactory(database) { DataDirectory = data, Clock = new FakeClock(ResponseApi.Start), SchedulerLoop = false })
            {
                using var admin = first.Admin();
                id = await admin.DeclareIdAsync("Payments are down", "SEV-1");
            }

            // The first server is gone; its deadline is a row in scheduled_deadlines.
            await using (var storage = Database.Create(database, data))
            {
                var row = Assert.Single(await new SchedulerStore(storage).AllAsync(CancellationToken.None), j => j.Key == $"incident:{id}:guardrails");
                Assert.Equal(("guardrails", new StreamId("incident", $"{id}"), ResponseApi.Start.AddMinutes(5)), (row.Purpose, row.Subject, row.DueAt));
            }

            var clock = new FakeClock(ResponseApi.Start);
            await using var second = new FirebreakFactory(database) { DataDirectory = data, Clock = clock, SchedulerLoop = false };
            using var again = second.Admin();
            Assert.Empty(await again.NudgesAsync(id, "no-commander"));

            clock.Advance(TimeSpan.FromMinutes(6));
            // The guardrail check and the usual-suspects checklist the SEV-1 was due: both rows outlived the first server.
            Assert.Equal(2, await second.RunSchedulerAsync());
            await second.RunSchedulerAsync();
            Assert.Contains((await again.GetIncidentAsync(id)).GetProperty("checklists").EnumerateArray(), l => l.Str("name") == "usual-suspects");

            var nudge = Assert.Single(await again.NudgesAsync(id, "no-commander"));
            Assert.Equal("firebreak", nudge.Str("actor"));
            Assert.Equal(ResponseApi.Start.AddMinutes(6), nudge.Time("at"));
            Assert.Contains("no-commander", (await again.GetIncidentAsync(id)).FindingIds());
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

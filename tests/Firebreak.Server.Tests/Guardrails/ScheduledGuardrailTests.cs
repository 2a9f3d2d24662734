using Firebreak.Server.Tests.Support;
using Firebreak.Testing;
using Firebreak.Core.Investigation;

namespace Firebreak.Server.Tests.Guardrails;

/// <summary>
/// Time-based guardrails, end to end: the fake clock moves, the test runs the scheduler, and each
/// nudge shows in the incident's findings and is recorded on the timeline exactly once.
/// </summary>
public sealed class ScheduledGuardrailTests : IDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;
    private readonly HttpClient _admin;

    public ScheduledGuardrailTests()
    {
        _factory = new FirebreakFactory { Clock = _clock, SchedulerLoop = false };
        _admin = _factory.Admin();
    }

    [Fact]
    public async Task Silence_AfterAnUpdateAtMinute10_StaysQuietAtMinute16_FiresAtMinute26_AndIsRecordedOnce()
    {
        var id = (await _admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-1", commander = "admin" })).Long("id");
        Assert.Equal(ResponseApi.Start.AddMinutes(15), (await _admin.GetIncidentAsync(id)).Time("nextUpdateDue"));

        _clock.Advance(TimeSpan.FromMinutes(10));
        var updated = await _admin.PostUpdateAsync(id, "Still investigating; next update in 15 minutes");
        Assert.Equal(ResponseApi.Start.AddMinutes(10), updated.Time("lastUpdateAt"));
        Assert.Equal(ResponseApi.Start.AddMinutes(25), updated.Time("nextUpdateDue"));

        // Minute 16: past the first cadence, but the update at minute 10 restarted it.
        _clock.Advance(TimeSpan.FromMinutes(6));
        await _factory.RunSchedulerAsync();
        var at16 = await _admin.GetIncidentAsync(id);
        Assert.DoesNotContain("silence", at16.FindingIds());
        Assert.False(at16.GetProperty("updateOverdue").GetBoolean());
        Assert.Empty(await _admin.NudgesAsync(id, "silence"));

        // Minute 26: the cadence ran out again with no update.
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True(await _factory.RunSchedulerAsync() >= 1);
        var at26 = await _admin.GetIncidentAsync(id);
        Assert.Contains("silence", at26.FindingIds());
        Assert.True(at26.GetProperty("updateOverdue").GetBoolean());
        var nudge = Assert.Single(await _admin.NudgesAsync(id, "silence"));
        Assert.Equal("firebreak", nudge.Str("actor"));
        Assert.Equal("guardrail", nudge.Str("kind"));
        Assert.Equal(ResponseApi.Start.AddMinutes(26), nudge.Time("at"));
        Assert.Contains("No stakeholder update since 2026-03-14T09:10:00Z", nudge.Str("text"), StringComparison.Ordinal);
        Assert.Contains("SEV-1 expects one every 15 minutes", nudge.Str("text"), StringComparison.Ordinal);

        // Running again later records nothing more.
        var after26 = await _admin.SnapshotAsync(id);
        foreach (var minute in new[] { 27, 28 })
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            await _factory.RunSchedulerAsync();
            var now = await _admin.SnapshotAsync(id);
            Assert.Equal((after26.Version, after26.TimelineItems), (now.Version, now.TimelineItems));
            Assert.Single(await _admin.NudgesAsync(id, "silence"));
        }
    }

    [Fact]
    public async Task Silence_WithoutAnyUpdate_FiresOnceTheCadencePassesFromTheDeclaration()
    {
        var id = (await _admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-1", commander = "admin" })).Long("id");

        _clock.Advance(TimeSpan.FromMinutes(14));
        await _factory.RunSchedulerAsync();
        Assert.DoesNotContain("silence", (await _admin.GetIncidentAsync(id)).FindingIds());
        Assert.Empty(await _admin.NudgesAsync(id, "silence"));

        _clock.Advance(TimeSpan.FromMinutes(2));
        await _factory.RunSchedulerAsync();
        Assert.Contains("silence", (await _admin.GetIncidentAsync(id)).FindingIds());
        Assert.Contains("since the declaration", Assert.Single(await _admin.NudgesAsync(id, "silence")).Str("text"), StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await _factory.RunSchedulerAsync();
        Assert.Single(await _admin.NudgesAsync(id, "silence"));
    }

    [Fact]
    public async Task NoCommander_OnASev2_IsNudgedByTheSchedulerAfterFiveMinutes_Once()
    {
        var id = await _admin.DeclareIdAsync("Search is down", "SEV-2");
        var job = Assert.Single(await _factory.JobsAsync(), j => j.Key == $"incident:{id}:guardrails");
        Assert.Equal(ResponseApi.Start.AddMinutes(5), job.DueAt);
        Assert.Equal(1, await _factory.RunSchedulerAsync()); // the usual-suspects checklist, at once

        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await _factory.RunSchedulerAsync());
        Assert.DoesNotContain("no-commander", (await _admin.GetIncidentAsync(id)).FindingIds());
        Assert.Empty(await _admin.NudgesAsync(id, "no-commander"));

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await _factory.RunSchedulerAsync());
        var incident = await _admin.GetIncidentAsync(id);
        Assert.Contains("no-commander", incident.FindingIds());
        var nudge = Assert.Single(await _admin.NudgesAsync(id, "no-commander"));
        Assert.Equal("firebreak", nudge.Str("actor"));
        Assert.Contains($"INC-{id} is SEV-2 and has had no commander for 5 minutes", nudge.Str("text"), StringComparison.Ordinal);
        // The fix is words on the timeline and an action as data, which each interface renders.
        Assert.Contains("Name one person to coordinate as commander.", nudge.Str("text"), StringComparison.Ordinal);
        var action = incident.GetProperty("findings").EnumerateArray().Single(f => f.Str("guardrail") == "no-commander").GetProperty("action");
        Assert.Equal(("assign-role", "commander"), (action.Str("kind"), action.GetProperty("arguments").Str("role")));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await _factory.RunSchedulerAsync();
        await _factory.RunSchedulerAsync();
        Assert.Single(await _admin.NudgesAsync(id, "no-commander"));

        var assigned = await _admin.CommandAsync(id, "roles", new { role = "commander", user = "admin" });
        Assert.DoesNotContain("no-commander", assigned.FindingIds());
    }

    [Fact]
    public async Task NoCommander_WithACommanderFromTheStart_IsNeverNudged()
    {
        var id = (await _admin.DeclareAsync(new { title = "Search is down", severity = "SEV-2", commander = "admin" })).Long("id");

        _clock.Advance(TimeSpan.FromMinutes(6));
        await _factory.RunSchedulerAsync();

        Assert.DoesNotContain("no-commander", (await _admin.GetIncidentAsync(id)).FindingIds());
        Assert.Empty(await _admin.NudgesAsync(id, "no-commander"));
    }

    [Fact]
    public async Task OpenHypothesis_WithNoMitigationStarted_IsNudgedAsMitigateFirstAndTunnelVision_UntilActedOn()
    {
        var id = (await _admin.DeclareAsync(new { title = "Checkout is slow", severity = "SEV-2", commander = "admin" })).Long("id");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var hypothesis = (await _admin.AddEntryAsync(id, "hypothesis", "The new index is not used")).Long("version");

        _clock.Advance(TimeSpan.FromMinutes(13));
        await _factory.RunSchedulerAsync();
        var at14 = await _admin.GetIncidentAsync(id);
        Assert.DoesNotContain("mitigate-first", at14.FindingIds());
        Assert.DoesNotContain("tunnel-vision", at14.FindingIds());

        _clock.Advance(TimeSpan.FromMinutes(3));
        await _factory.RunSchedulerAsync();
        await _factory.RunSchedulerAsync();
        var at17 = await _admin.GetIncidentAsync(id);
        Assert.Contains("mitigate-first", at17.FindingIds());
        Assert.Contains("tunnel-vision", at17.FindingIds());
        Assert.Contains("Stop the bleeding first", Assert.Single(await _admin.NudgesAsync(id, "mitigate-first")).Str("text"), StringComparison.Ordinal);
        Assert.Contains($"Hypothesis #{hypothesis} has been open 15 minutes", Assert.Single(await _admin.NudgesAsync(id, "tunnel-vision")).Str("text"), StringComparison.Ordinal);

        await _admin.ProposeAsync(id, new { kind = "feature-flag", title = "Turn off the new search" });
        var started = await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "start"));
        Assert.DoesNotContain("mitigate-first", started.FindingIds());
        var rejected = await _admin.CommandAsync(id, $"hypotheses/{hypothesis}", new { status = "rejected" });
        Assert.DoesNotContain("tunnel-vision", rejected.FindingIds());
    }

    [Fact]
    public async Task NoCommander_DelayFromFirebreakYaml_IsHonoured()
    {
        await using var factory = new FirebreakFactory
        {
            Clock = _clock,
            SchedulerLoop = false,
            Config = """
                guardrails:
                  no-commander: { after: 10m }
                """,
        };
        using var admin = factory.Admin();
        var id = await admin.DeclareIdAsync("Search is down", "SEV-2");

        _clock.Advance(TimeSpan.FromMinutes(6));
        await factory.RunSchedulerAsync();
        Assert.Empty(await admin.NudgesAsync(id, "no-commander"));

        _clock.Advance(TimeSpan.FromMinutes(5));
        await factory.RunSchedulerAsync();
        Assert.Contains("no commander for 10 minutes", Assert.Single(await admin.NudgesAsync(id, "no-commander")).Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guardrail_DisabledInFirebreakYaml_NeverFires()
    {
        await using var factory = new FirebreakFactory
        {
            Clock = _clock,
            SchedulerLoop = false,
            Config = """
                guardrails:
                  no-commander: { enabled: false }
                """,
        };
        using var admin = factory.Admin();
        var id = await admin.DeclareIdAsync("Search is down", "SEV-2");

        _clock.Advance(TimeSpan.FromMinutes(20));
        await factory.RunSchedulerAsync();

        Assert.DoesNotContain("no-commander", (await admin.GetIncidentAsync(id)).FindingIds());
        Assert.Empty(await admin.NudgesAsync(id, "no-commander"));
        Assert.NotEmpty(await admin.NudgesAsync(id, "hero-debugging"));
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }
}

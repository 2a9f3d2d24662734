using System.Net;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Investigation;

namespace Firebreak.Server.Tests.Investigation;

/// <summary>Hypotheses are confirmed, rejected or reopened; mitigations go proposed → started → applied → verified, or abandoned.</summary>
public sealed class InvestigationTests : IDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;
    private readonly HttpClient _admin;

    public InvestigationTests()
    {
        _factory = new FirebreakFactory { Clock = _clock, SchedulerLoop = false };
        _admin = _factory.Admin();
    }

    [Fact]
    public async Task Hypothesis_IsRejectedAndReopened_EachChangeRecordedOnce()
    {
        var id = await _admin.DeclareIdAsync("Checkout is slow");
        _clock.Advance(TimeSpan.FromMinutes(2));
        var entry = (await _admin.AddEntryAsync(id, "hypothesis", "Connection pool exhausted")).Long("version");

        var open = Assert.Single((await _admin.GetIncidentAsync(id)).GetProperty("hypotheses").EnumerateArray());
        Assert.Equal((entry, "open", ResponseApi.Start.AddMinutes(2)), (open.Long("entry"), open.Str("status"), open.Time("at")));

        _clock.Advance(TimeSpan.FromMinutes(3));
        var rejected = await _admin.CommandAsync(id, $"hypotheses/{entry}", new { status = "REJECTED" });
        var h = rejected.GetProperty("hypotheses")[0];
        Assert.Equal(("rejected", ResponseApi.Start.AddMinutes(5)), (h.Str("status"), h.Time("at")));
        Assert.Equal(($"Hypothesis #{entry} rejected", "hypothesis"), ((await _admin.TimelineAsync(id)).Items()[^1].Str("text"), (await _admin.TimelineAsync(id)).Items()[^1].Str("kind")));

        var again = await _admin.CommandAsync(id, $"hypotheses/{entry}", new { status = "rejected" });
        Assert.Equal(rejected.Long("version"), again.Long("version"));

        var reopened = await _admin.CommandAsync(id, $"hypotheses/{entry}", new { status = "open" });
        Assert.Equal("open", reopened.GetProperty("hypotheses")[0].Str("status"));
        Assert.Equal(rejected.Long("version") + 1, reopened.Long("version"));
    }

    [Fact]
    public async Task Mitigation_GoesFromProposedToVerified_WithWhoAndWhen()
    {
        using (await _factory.UserAsync("alice"))
        {
        }

        var id = await _admin.DeclareIdAsync("Checkout is slow");
        var proposed = await _admin.ProposeAsync(id, new { kind = "flag", title = "  Turn off recommendations  ", owner = "Alice", expectedEffect = "p99 under 300 ms" });
        Assert.Equal((1L, "feature-flag", "Turn off recommendations", "alice", "p99 under 300 ms"), (proposed.Long("id"), proposed.Str("kind"), proposed.Str("title"), proposed.Str("owner"), proposed.Str("expectedEffect")));
        Assert.Equal(("proposed", ResponseApi.Start), (proposed.Str("state"), proposed.Time("proposedAt")));
        Assert.True(proposed.IsNull("checklist"));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "start"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "apply"));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var verified = (await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "verify", new { note = "p99 is 240 ms" }))).GetProperty("mitigations")[0];

        Assert.Equal(("verified", "p99 is 240 ms"), (verified.Str("state"), verified.Str("note")));
        Assert.Equal(
            (ResponseApi.Start.AddMinutes(1), ResponseApi.Start.AddMinutes(2), ResponseApi.Start.AddMinutes(7)),
            (verified.Time("startedAt"), verified.Time("appliedAt"), verified.Time("verifiedAt")));
        Assert.Equal(
            ["Mitigation 1 proposed (feature-flag): Turn off recommendations, owner alice; expected: p99 under 300 ms", "Mitigation 1 started", "Mitigation 1 applied", "Mitigation 1 verified: p99 is 240 ms"],
            (await _admin.OfTypeAsync(id, "incident.mitigation-proposed.v1")).Concat(await _admin.OfTypeAsync(id, "incident.mitigation-started.v1"))
                .Concat(await _admin.OfTypeAsync(id, "incident.mitigation-applied.v1")).Concat(await _admin.OfTypeAsync(id, "incident.mitigation-verified.v1"))
                .Select(i => i.Str("text")));

        // A verified mitigation takes no more steps.
        var before = await _admin.SnapshotAsync(id);
        await HttpAssert.InvalidAsync(await _admin.StepAsync(id, 1, "abandon", new { note = "changed our mind" }), "mitigation", "takes no more changes");
        Assert.Equal(before, await _admin.SnapshotAsync(id));
    }

    [Fact]
    public async Task Mitigation_IsAbandonedWithItsReason_AndRollbackKeepsItsChecklist()
    {
        var id = await _admin.DeclareIdAsync("Checkout 502 after deploy 42");
        var rollback = await _admin.ProposeAsync(id, new { kind = "rollback", title = "Back to 41", checklist = new { noIrreversibleMigration = true, noIrreversibleSideEffects = true, knownGoodTarget = "  build 41 " } });
        var checklist = rollback.GetProperty("checklist");
        Assert.Equal((true, true, "build 41"), (checklist.GetProperty("noIrreversibleMigration").GetBoolean(), checklist.GetProperty("noIrreversibleSideEffects").GetBoolean(), checklist.Str("knownGoodTarget")));

        await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "start"));
        var abandoned = (await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "abandon", new { note = "The bug is in 41 too" }))).GetProperty("mitigations")[0];

        Assert.Equal(("abandoned", "The bug is in 41 too"), (abandoned.Str("state"), abandoned.Str("note")));
        Assert.Equal("Mitigation 1 abandoned: The bug is in 41 too", (await _admin.TimelineAsync(id)).Items()[^1].Str("text"));
        await HttpAssert.ProblemAsync(await _admin.StepAsync(id, 2, "start"), HttpStatusCode.NotFound, "its mitigations are 1 to 1");
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }
}

using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;
using Firebreak.Core.Mitigations;

namespace Firebreak.Server.Tests.Guardrails;

/// <summary>
/// Guardrails that judge a command through HTTP: blocks answer 409 naming the guardrail and write
/// nothing; an override reason lets an overridable one through and is recorded; warnings come back
/// with the command and are recorded beside it.
/// </summary>
public sealed class BlockingGuardrailTests : IDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;
    private readonly HttpClient _admin;

    public BlockingGuardrailTests()
    {
        _factory = new() { Clock = _clock, SchedulerLoop = false };
        _admin = _factory.Admin();
    }

    [Fact]
    public async Task RiskyMitigation_StartsOnlyAfterTheCommanderApproves_AndNoOverrideOpensIt()
    {
        using var ic = await _factory.UserAsync("ingrid");
        var id = (await _admin.DeclareAsync(new { title = "Orders table bloated", severity = "SEV-2", commander = "ingrid" })).Long("id");
        var proposed = await _admin.ProposeAsync(id, new { kind = "other", title = "VACUUM FULL the orders table", risky = true, expectedEffect = "Writes fast again" });
        Assert.Equal((1L, "proposed", true), (proposed.Long("id"), proposed.Str("state"), proposed.GetProperty("risky").GetBoolean()));
        Assert.True(proposed.IsNull("approvedBy"));
        var before = await _admin.SnapshotAsync(id);

        var blocked = await HttpAssert.ProblemAsync(await _admin.StepAsync(id, 1, "start"), HttpStatusCode.Conflict, "risky-action", "ingrid", "approve");
        Assert.Equal("risky-action", blocked.Str("guardrail"));
        Assert.False(blocked.GetProperty("overridable").GetBoolean());
        Assert.DoesNotContain("override reason", HttpAssert.Detail(blocked), StringComparison.OrdinalIgnoreCase);
        var overridden = await HttpAssert.ProblemAsync(await _admin.StepAsync(id, 1, "start", new { @override = "No time to wait" }), HttpStatusCode.Conflict, "risky-action");
        Assert.False(overridden.GetProperty("overridable").GetBoolean());
        Assert.Equal(before, await _admin.SnapshotAsync(id));

        // Only the commander approves.
        await HttpAssert.ProblemAsync(await _admin.StepAsync(id, 1, "approve"), HttpStatusCode.Forbidden, "Only the commander (ingrid)");
        Assert.Equal(before, await _admin.SnapshotAsync(id));
        var approved = await HttpAssert.JsonAsync(await ic.StepAsync(id, 1, "approve"));
        Assert.Equal("ingrid", approved.GetProperty("mitigations")[0].Str("approvedBy"));

        var started = await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "start"));
        Assert.Equal("started", started.GetProperty("mitigations")[0].Str("state"));
        var items = (await _admin.TimelineAsync(id)).Items();
        Assert.Equal(("Mitigation 1 approved by the commander", "ingrid"), (items[^2].Str("text"), items[^2].Str("actor")));
        Assert.Equal(("Mitigation 1 started", "admin"), (items[^1].Str("text"), items[^1].Str("actor")));
        Assert.Empty(await _admin.OfTypeAsync(id, "incident.guardrail-overridden.v1"));
    }

    [Fact]
    public async Task RiskyMitigation_WithoutACommander_SaysToAssignOne()
    {
        var id = await _admin.DeclareIdAsync("Orders table bloated");
        await _admin.ProposeAsync(id, new { kind = "other", title = "VACUUM FULL the orders table", risky = true });
        var before = await _admin.SnapshotAsync(id);

        await HttpAssert.ProblemAsync(await _admin.StepAsync(id, 1, "start"), HttpStatusCode.Conflict, "risky-action", "Assign a commander");
        await HttpAssert.ProblemAsync(await _admin.StepAsync(id, 1, "approve"), HttpStatusCode.Forbidden, "has none");
        Assert.Equal(before, await _admin.SnapshotAsync(id));
    }

    [Fact]
    public async Task Hotfix_WithoutRollbackPlan_Is409Overridable_AndTheOverrideIsRecorded()
    {
        var id = await _admin.DeclareIdAsync("Null pointer in checkout");
        await _admin.ProposeAsync(id, new { kind = "hotfix", title = "Guard the null cart" });
        var before = await _admin.SnapshotAsync(id);

        var blocked = await HttpAssert.ProblemAsync(await _admin.StepAsync(id, 1, "start"), HttpStatusCode.Conflict, "no-rollback-plan", "override");
        Assert.Equal("no-rollback-plan", blocked.Str("guardrail"));
        Assert.Equal(["no-rollback-plan"], blocked.GetProperty("guardrails").Strings());
        Assert.True(blocked.GetProperty("overridable").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(blocked.Str("fix")));
        Assert.Equal(before, await _admin.SnapshotAsync(id));

        var started = await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "start", new { @override = "Redeploying build 41 undoes it" }));
        Assert.Equal("started", started.GetProperty("mitigations")[0].Str("state"));
        Assert.Equal(before.Version + 2, started.Long("version"));
        var items = (await _admin.TimelineAsync(id)).Items();
        Assert.Equal(("incident.guardrail-overridden.v1", "guardrail", "Guardrail no-rollback-plan overridden: Redeploying build 41 undoes it"), (items[^2].Str("type"), items[^2].Str("kind"), items[^2].Str("text")));
        Assert.Equal("Mitigation 1 started", items[^1].Str("text"));
    }

    [Fact]
    public async Task Hotfix_WithRollbackPlan_StartsWithoutOverride()
    {
        var id = await _admin.DeclareIdAsync("Null pointer in checkout");
        await _admin.ProposeAsync(id, new { kind = "hotfix", title = "Guard the null cart", rollbackPlan = "Redeploy build 41" });

        var started = await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "start"));

        Assert.Equal("started", started.GetProperty("mitigations")[0].Str("state"));
        Assert.Empty(await _admin.OfTypeAsync(id, "incident.guardrail-overridden.v1"));
    }

    [Fact]
    public async Task Rollback_WhoseChecklistFails_Is409UnsafeRollback()
    {
        var id = await _admin.DeclareIdAsync("Checkout 502 after deploy 42");
        await _admin.ProposeAsync(id, new { kind = "rollback", title = "Back to 41", checklist = new { noIrreversibleMigration = false, noIrreversibleSideEffects = true, knownGoodTarget = "41" } });
        await _admin.ProposeAsync(id, new { kind = "rollback", title = "Back to 40", checklist = new { noIrreversibleMigration = true, noIrreversibleSideEffects = true, knownGoodTarget = "40" } });
        var before = await _admin.SnapshotAsync(id);

        await HttpAssert.ProblemAsync(await _admin.StepAsync(id, 1, "start"), HttpStatusCode.Conflict, "unsafe-rollback", "irreversible migration");
        Assert.Equal(before, await _admin.SnapshotAsync(id));

        var started = await HttpAssert.JsonAsync(await _admin.StepAsync(id, 2, "start"));
        Assert.Equal(["proposed", "started"], started.GetProperty("mitigations").EnumerateArray().Select(m => m.Str("state")));
    }

    [Fact]
    public async Task SecondMitigation_WhileTheFirstIsAppliedButUnverified_Is409TwoChanges()
    {
        var id = await _admin.DeclareIdAsync("Checkout is slow");
        await _admin.ProposeAsync(id, new { kind = "scale", title = "Double the checkout pods" });
        await _admin.ProposeAsync(id, new { kind = "feature-flag", title = "Turn off recommendations" });
        await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "start"));
        await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "apply"));
        var before = await _admin.SnapshotAsync(id);

        await HttpAssert.ProblemAsync(await _admin.StepAsync(id, 2, "start"), HttpStatusCode.Conflict, "two-changes", "Mitigation 1");
        Assert.Equal(before, await _admin.SnapshotAsync(id));

        await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "verify", new { note = "p99 back under 300 ms" }));
        var started = await HttpAssert.JsonAsync(await _admin.StepAsync(id, 2, "start"));
        Assert.Equal(["verified", "started"], started.GetProperty("mitigations").EnumerateArray().Select(m => m.Str("state")));
        Assert.Equal("p99 back under 300 ms", started.GetProperty("mitigations")[0].Str("note"));
    }

    [Fact]
    public async Task SecondMitigation_WhileTheFirstIsStillRollingOut_Is409TwoChanges_AndACompoundCauseLetsItStart()
    {
        var id = await _admin.DeclareIdAsync("Checkout is slow");
        await _admin.ProposeAsync(id, new { kind = "scale", title = "Double the checkout pods" });
        await _admin.ProposeAsync(id, new { kind = "feature-flag", title = "Turn off recommendations" });
        await HttpAssert.JsonAsync(await _admin.StepAsync(id, 1, "start"));
        _clock.Advance(TimeSpan.FromMinutes(4));
        var before = await _admin.SnapshotAsync(id);

        await HttpAssert.ProblemAsync(await _admin.StepAsync(id, 2, "start"), HttpStatusCode.Conflict, "two-changes", "Mitigation 1", "still rolling out");
        Assert.Equal(before, await _admin.SnapshotAsync(id));

        var started = await HttpAssert.JsonAsync(await _admin.StepAsync(id, 2, "start", new { @override = "compound cause: pool size and the recommendations call both add load" }));
        Assert.Equal(["started", "started"], started.GetProperty("mitigations").EnumerateArray().Select(m => m.Str("state")));
        Assert.Single(await _admin.OfTypeAsync(id, "incident.guardrail-overridden.v1"));
    }

    [Fact]
    public async Task UnsafeCommandEntry_Is201WithTheWarningInItsFindings_AndTheNudgeIsRecordedBesideIt()
    {
        var id = await _admin.DeclareIdAsync("Duplicate orders");
        var before = await _admin.SnapshotAsync(id);

        var entry = await _admin.AddEntryAsync(id, "command", "DELETE FROM orders;");

        var finding = Assert.Single(entry.GetProperty("findings").EnumerateArray());
        Assert.Equal(("unsafe-command", "warn"), (finding.Str("guardrail"), finding.Str("level")));
        Assert.Contains("DELETE without WHERE", finding.Str("message"), StringComparison.Ordinal);
        Assert.Contains("backup", finding.Str("fix"), StringComparison.Ordinal);
        Assert.Equal(before.Version + 1, entry.Long("version"));

        var items = (await _admin.TimelineAsync(id)).Items();
        Assert.Equal(before.Version + 2, items[^1].Long("version"));
        Assert.Equal(("command", "DELETE FROM orders;"), (items[^2].Str("kind"), items[^2].Str("text")));
        Assert.Equal("incident.guardrail-fired.v1", items[^1].Str("type"));
        Assert.StartsWith("[unsafe-command] Destructive command logged: DELETE without WHERE", items[^1].Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SafeCommandEntry_HasNoFindings()
    {
        var id = await _admin.DeclareIdAsync("Duplicate orders");
        var before = await _admin.SnapshotAsync(id);

        var entry = await _admin.AddEntryAsync(id, "command", "DELETE FROM orders WHERE id IN (7, 8);");

        Assert.Equal(0, entry.GetProperty("findings").GetArrayLength());
        Assert.Equal(before.TimelineItems + 1, (await _admin.SnapshotAsync(id)).TimelineItems);
    }

    [Fact]
    public async Task UnsafeCommand_MadeBlockingInFirebreakYaml_Is409UntilOverridden()
    {
        await using var factory = new FirebreakFactory
        {
            SchedulerLoop = false,
            Config = """
                guardrails:
                  unsafe-command: { level: block }
                """,
        };
        using var admin = factory.Admin();
        var id = await admin.DeclareIdAsync("Cache poisoned");
        var before = await admin.SnapshotAsync(id);

        var blocked = await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync(IncidentApi.Url(id, "timeline"), new { kind = "command", text = "redis-cli FLUSHALL" }), HttpStatusCode.Conflict, "unsafe-command");
        Assert.True(blocked.GetProperty("overridable").GetBoolean());
        Assert.Equal(before, await admin.SnapshotAsync(id));

        var entry = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync(IncidentApi.Url(id, "timeline"), new { kind = "command", text = "redis-cli FLUSHALL", @override = "It is only a cache" }), HttpStatusCode.Created);
        Assert.Equal("redis-cli FLUSHALL", entry.Str("text"));
        Assert.Single(await admin.OfTypeAsync(id, "incident.guardrail-overridden.v1"));
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }
}

using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Storage;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>
/// A refused command on an existing incident answers with a problem that says what to fix, and the
/// incident (version and timeline) is exactly as it was.
/// </summary>
public abstract class CommandValidationTests : EngineTests
{
    public static TheoryData<string> BodyRoutes => ["timeline", "status", "severity", "roles", "pin", "decline"];

    public static TheoryData<string> AllCommandRoutes => Commands.Routes;

    [SkippableTheory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Command_WithMalformedJson_Is400AndWritesNothing(string command)
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(id, () => Admin.PostRawAsync(IncidentApi.Url(id, command), "{,}"), "body", "not valid JSON");
    }

    [SkippableTheory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Command_WithUnknownProperty_Is400NamingItAndWritesNothing(string command)
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(id, () => Admin.PostRawAsync(IncidentApi.Url(id, command), """{"urgency": "high"}"""), "urgency", "Unknown field 'urgency'");
    }

    [SkippableTheory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Command_WithNonJsonContentType_Is415AndWritesNothing(string command)
    {
        var id = await Admin.DeclareIdAsync();
        var before = await Admin.SnapshotAsync(id);
        var response = await Admin.PostRawAsync(IncidentApi.Url(id, command), "kind=note&text=hello", "application/x-www-form-urlencoded");
        await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "Content-Type: application/json", "application/x-www-form-urlencoded");
        Assert.Equal(before, await Admin.SnapshotAsync(id));
    }

    [SkippableTheory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Command_WithBodyOver1MiB_Is413AndWritesNothing(string command)
    {
        var id = await Admin.DeclareIdAsync();
        var before = await Admin.SnapshotAsync(id);
        var response = await Admin.PostRawAsync(IncidentApi.Url(id, command), $$"""{"reason": "{{new string('x', 1024 * 1024)}}"}""");
        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "1024 KiB");
        Assert.Equal(before, await Admin.SnapshotAsync(id));
    }

    [SkippableTheory]
    [InlineData("timeline", """{"kind": 3, "text": "x"}""", "kind", "must be a string")]
    [InlineData("timeline", """{"kind": "note", "text": ["x"]}""", "text", "must be a string")]
    [InlineData("pin", """{"entry": "five"}""", "entry", "whole number")]
    [InlineData("pin", """{"entry": 3, "pinned": "yes"}""", "pinned", "true or false")]
    [InlineData("status", """{"status": true}""", "status", "must be a string")]
    [InlineData("roles", """{"role": "scribe", "user": {"name": "bob"}}""", "user", "must be a string")]
    public async Task Command_WithJsonOfWrongType_Is400NamingTheFieldAndWritesNothing(string command, string body, string field, string detail)
    {
        var id = await Admin.DeclareIdAsync();
        await Admin.AddEntryAsync(id, "note", "An entry to pin");
        await AssertRefusedAsync(id, () => Admin.PostRawAsync(IncidentApi.Url(id, command), body), field, detail, "wrong type");
    }

    [SkippableTheory]
    [MemberData(nameof(AllCommandRoutes))]
    public async Task Command_OnUnknownIncident_Is404(string command)
    {
        await Admin.DeclareIdAsync();
        var response = await Admin.PostAsync(IncidentApi.Url(999, command), Commands.BodyFor(command));
        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, "INC-999");
        Assert.Equal(1, await Admin.TotalAsync());
    }

    [SkippableTheory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("INC-abc")]
    [InlineData("99999999999999999999")]
    public async Task Command_OnNonNumericIncidentId_Is404SayingWhatAnIdLooksLike(string id)
    {
        var existing = await Admin.DeclareIdAsync();
        var before = await Admin.SnapshotAsync(existing);
        var response = await Admin.PostAsJsonAsync($"{IncidentApi.Incidents}/{id}/timeline", new { kind = "note", text = "hello" });
        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, $"'{id}' is not an incident id", "INC-7");
        Assert.Equal(before, await Admin.SnapshotAsync(existing));
    }

    [SkippableTheory]
    [InlineData("999", "INC-999")]
    [InlineData("INC-999", "INC-999")]
    [InlineData("abc", "'abc' is not an incident id")]
    public async Task Show_UnknownOrNonNumericIncident_Is404(string id, string detail)
    {
        await HttpAssert.ProblemAsync(await Admin.GetAsync($"{IncidentApi.Incidents}/{id}"), HttpStatusCode.NotFound, detail);
        await HttpAssert.ProblemAsync(await Admin.GetAsync($"{IncidentApi.Incidents}/{id}/timeline"), HttpStatusCode.NotFound, detail);
    }

    [SkippableFact]
    public async Task AddEntry_WithTextOver20000Chars_Is400AndWritesNothing()
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "timeline"), new { kind = "note", text = new string('y', 20_001) }),
            "text",
            "20001",
            "20000");
    }

    [SkippableFact]
    public async Task AddEntry_WithTextOfExactly20000Chars_IsAccepted()
    {
        var id = await Admin.DeclareIdAsync();
        var entry = await Admin.AddEntryAsync(id, "note", new string('y', 20_000));
        Assert.Equal(20_000, entry.Str("text").Length);
    }

    [SkippableTheory]
    [InlineData("rumour")]
    [InlineData("")]
    [InlineData(null)]
    public async Task AddEntry_WithUnknownKind_Is400ListingTheKindsAndWritesNothing(string? kind)
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "timeline"), new { kind, text = "hello" }),
            "kind",
            "note, symptom, hypothesis, action, result, decision, command");
    }

    [SkippableFact]
    public async Task AddEntry_WithoutText_Is400AndWritesNothing()
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(id, () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "timeline"), new { kind = "note" }), "text", "'text' is required");
    }

    [SkippableFact]
    public async Task ChangeStatus_ToUnknownStatus_Is400ListingTheAllowedMovesAndWritesNothing()
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "status"), new { status = "fixed" }),
            "status",
            "'fixed'",
            "identified, monitoring, resolved");
    }

    [SkippableTheory]
    [InlineData("closed", "cannot move from investigating to closed")]
    [InlineData("triage", "cannot move from investigating to triage")]
    [InlineData("investigating", "already investigating")]
    public async Task ChangeStatus_WithInvalidTransition_Is400NamingTheAllowedMovesAndWritesNothing(string status, string detail)
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "status"), new { status }),
            "status",
            detail,
            "Allowed moves: identified, monitoring, resolved");
    }

    [SkippableFact]
    public async Task ChangeStatus_ToDeclined_Is400PointingToTheDeclineCommand()
    {
        var id = (await Admin.DeclareAsync(new { title = "Maybe broken", severity = "SEV-3", status = "triage" })).Long("id");
        await AssertRefusedAsync(id, () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "status"), new { status = "declined" }), "status", "decline command");
    }

    [SkippableFact]
    public async Task ChangeStatus_WithReasonOver2000Chars_Is400AndWritesNothing()
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "status"), new { status = "identified", reason = new string('r', 2001) }),
            "reason",
            "2000");
    }

    [SkippableFact]
    public async Task Decline_WhenNotInTriage_Is400AndWritesNothing()
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "decline"), new { reason = "False alarm" }),
            "status",
            "Only an incident in triage can be declined",
            "investigating",
            "Resolve it instead");
    }

    [SkippableFact]
    public async Task Decline_WithoutReason_Is400AndWritesNothing()
    {
        var id = (await Admin.DeclareAsync(new { title = "Maybe broken", severity = "SEV-3", status = "triage" })).Long("id");
        await AssertRefusedAsync(id, () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "decline"), new { }), "reason", "Say why this is not an incident");
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task ChangeSeverity_WithoutReason_Is400AndWritesNothing(string? reason)
    {
        var id = await Admin.DeclareIdAsync(severity: "SEV-3");
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "severity"), new { severity = "SEV-1", reason }),
            "reason",
            "Say why the severity changes");
    }

    [SkippableFact]
    public async Task ChangeSeverity_ToUnknownLevel_Is400ListingTheLevelsAndWritesNothing()
    {
        var id = await Admin.DeclareIdAsync(severity: "SEV-3");
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "severity"), new { severity = "SEV-9", reason = "Worse" }),
            "severity",
            "SEV-9",
            "SEV-1");
    }

    [SkippableFact]
    public async Task ChangeSeverity_ToTheCurrentLevel_Is400AndWritesNothing()
    {
        var id = await Admin.DeclareIdAsync(severity: "SEV-3");
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "severity"), new { severity = "P2", reason = "Same" }),
            "severity",
            "already SEV-3");
    }

    [SkippableFact]
    public async Task Pin_OfNonExistentEntry_Is404AndWritesNothing()
    {
        var id = await Admin.DeclareIdAsync();
        var before = await Admin.SnapshotAsync(id);
        var response = await Admin.PostAsJsonAsync(IncidentApi.Url(id, "pin"), new { entry = 999 });
        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, $"INC-{id} has no timeline entry 999");
        Assert.Equal(before, await Admin.SnapshotAsync(id));
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Pin_OfARecordedChangeRatherThanAnEntry_Is400AndWritesNothing(long entry)
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "pin"), new { entry }),
            "entry",
            $"Entry {entry}",
            "only written entries can be pinned");
    }

    [SkippableFact]
    public async Task AssignRole_ToNonExistentUser_Is400AndWritesNothing()
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "roles"), new { role = "commander", user = "ghost" }),
            "user",
            "'ghost'",
            "existing account");
    }

    [SkippableTheory]
    [InlineData("Boss!")]
    [InlineData("")]
    [InlineData("9lives")]
    public async Task AssignRole_WithInvalidRoleName_Is400AndWritesNothing(string role)
    {
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "roles"), new { role, user = "admin" }),
            "role",
            "commander, comms-lead, tech-lead, scribe");
    }

    [SkippableFact]
    public async Task AssignRole_ToTheCurrentHolder_Is400AndWritesNothing()
    {
        var id = await Admin.DeclareIdAsync();
        await Admin.CommandAsync(id, "roles", new { role = "commander", user = "admin" });
        await AssertRefusedAsync(
            id,
            () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "roles"), new { role = "commander", user = "admin" }),
            "user",
            "already holds the commander role");
    }

    [SkippableFact]
    public async Task Leave_WhenNotAResponder_Is400AndWritesNothing()
    {
        using var bob = await Factory.UserAsync("bob");
        var id = await Admin.DeclareIdAsync();
        await AssertRefusedAsync(id, () => bob.PostAsync(IncidentApi.Url(id, "leave"), null), "responder", "bob is not responding", "nothing to leave");
    }

    [SkippableFact]
    public async Task AnyChange_ToAClosedIncident_Is400AndWritesNothing()
    {
        var id = await Admin.DeclareIdAsync();
        await Admin.ResolveAsync(id);
        await Admin.ChangeStatusAsync(id, "closed");

        await AssertRefusedAsync(id, () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "timeline"), new { kind = "note", text = "late" }), "status", "closed", "Declare a new incident");
        await AssertRefusedAsync(id, () => Admin.PostAsJsonAsync(IncidentApi.Url(id, "status"), new { status = "investigating" }), "status", "closed");
    }

    /// <summary>Sends the request, asserts a 400 naming <paramref name="field"/>, and that the incident did not change.</summary>
    private async Task AssertRefusedAsync(long id, Func<Task<HttpResponseMessage>> send, string field, params string[] detail)
    {
        var before = await Admin.SnapshotAsync(id);
        await HttpAssert.InvalidAsync(await send(), field, detail);
        Assert.Equal(before, await Admin.SnapshotAsync(id));
    }
}

public sealed class SqliteCommandValidationTests : CommandValidationTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresCommandValidationTests : CommandValidationTests
{
    protected override Engine Engine => Engine.Postgres;
}

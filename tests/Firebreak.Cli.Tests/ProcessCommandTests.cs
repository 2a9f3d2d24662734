using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Investigation;

namespace Firebreak.Cli.Tests;

/// <summary>
/// The process verbs (severities, triage, update, mitigate, hypothesis, evidence, checklist,
/// resolve) and the guardrail findings printed after commands, through the real executable against
/// one shared real server on the built-in policy. Every test works on incidents of its own.
/// </summary>
public sealed partial class ProcessCommandTests(ServerProcess server) : IClassFixture<ServerProcess>, IAsyncLifetime, IDisposable
{
    private static readonly string[] SecurityChecklist =
    [
        "Keep the incident private; add only the people who need to know",
        "Preserve evidence before changing anything: logs, access records, disk or memory images",
        "Bring in the security lead",
        "Contain: revoke or rotate the exposed credentials, keys and sessions",
        "Work out what data was accessed, and whose",
        "Decide with legal whether customers or regulators must be notified, and by when",
    ];

    private readonly CliRunner _cli = new();
    private readonly TempDirectory _files = new();

    public async Task InitializeAsync() => (await _cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _cli.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Severities_ReadableAndJson_ShowTheBuiltInPolicies()
    {
        var readable = (await _cli.RunAsync("severities")).Succeeded().StdOut.TrimEnd().Split('\n');
        Assert.Equal(8, readable.Length);
        Assert.Equal("SEV-1 (P0)  Critical: most or all users cannot use a core feature, or data is being lost or exposed.", readable[0]);
        Assert.Equal(
            "    respond within 5 min, updates every 15 min, roles: commander, comms-lead, tech-lead, public: yes, postmortem: due 48 h after, " +
            "monitoring window 15 min; pages on-call engineer, incident commander and the service owners, at any hour",
            readable[1]);
        Assert.StartsWith("SEV-2 (P1)  Major:", readable[2], StringComparison.Ordinal);
        Assert.Contains("updates every 30 min, roles: commander, comms-lead,", readable[3], StringComparison.Ordinal);
        Assert.StartsWith("SEV-3 (P2)  Minor:", readable[4], StringComparison.Ordinal);
        Assert.Contains("updates every 1 h, roles: none required, public: no, postmortem: optional", readable[5], StringComparison.Ordinal);
        Assert.StartsWith("SEV-4 (P3)  Low:", readable[6], StringComparison.Ordinal);
        Assert.Contains("respond within 1 d, updates not required", readable[7], StringComparison.Ordinal);

        var levels = (await _cli.RunAsync("severities", "--json")).Succeeded().Json().EnumerateArray().ToList();
        Assert.Equal(["SEV-1", "SEV-2", "SEV-3", "SEV-4"], levels.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal([1, 2, 3, 4], levels.Select(l => l.GetProperty("rank").GetInt32()));
        Assert.Equal(["P0", "SEV1", "1"], Strings(levels[0].GetProperty("aliases")));
        Assert.Equal(15, levels[0].GetProperty("updateCadenceMinutes").GetDouble());
        Assert.Equal(JsonValueKind.Null, levels[3].GetProperty("updateCadenceMinutes").ValueKind);
        Assert.Equal(["commander", "comms-lead"], Strings(levels[1].GetProperty("rolesRequired")));
        Assert.True(levels[0].GetProperty("postmortemRequired").GetBoolean());
        Assert.False(levels[2].GetProperty("publicCommunication").GetBoolean());
    }

    [Fact]
    public async Task Triage_FromFlags_SuggestsALevelWithReasonsAndAdvice()
    {
        var critical = (await _cli.RunAsync(
            "triage", "--users", "all", "--core-broken", "yes", "--workaround", "no", "--data-loss", "no", "--breach", "no",
            "--recent-change", "yes", "--rollback-possible", "yes", "--started-at", "2025-03-01T10:00:00Z")).Succeeded();
        Assert.Equal(
            "Suggested severity: SEV-1\n" +
            "  - Most or all users cannot use a core feature, with no workaround.\n" +
            "  > A recent change is suspected and can be rolled back: roll it back first, investigate after.",
            critical.StdOut.TrimEnd());

        var minor = (await _cli.RunAsync(
            "triage", "--users", "some", "--core-broken", "yes", "--workaround", "yes", "--data-loss", "no", "--breach", "no",
            "--recent-change", "no", "--rollback-possible", "no", "--json")).Succeeded().Json();
        Assert.Equal("SEV-3", minor.GetProperty("severity").GetString());
        Assert.Equal(3, minor.GetProperty("rank").GetInt32());
        Assert.Equal(["Some users are hit on a core feature, and a workaround exists."], Strings(minor.GetProperty("reasons")));
        Assert.Equal(["Find when it started: the first alert, the first error in the logs, the first customer report."], Strings(minor.GetProperty("advice")));
        Assert.False(minor.GetProperty("private").GetBoolean());
        Assert.Empty(minor.GetProperty("checklist").EnumerateArray());

        var invalid = (await _cli.RunAsync("triage", "--users", "lots")).Failed();
        Assert.Contains("400", invalid.StdErr, StringComparison.Ordinal);
        Assert.Contains("'lots' is not an answer: use none, some, most, all or unknown.", invalid.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triage_SuspectedBreach_IsPrivateWithTheSecurityChecklist()
    {
        string[] answers = ["--users", "none", "--core-broken", "no", "--data-loss", "no", "--workaround", "yes", "--breach", "yes", "--recent-change", "no", "--rollback-possible", "no"];
        var readable = (await _cli.RunAsync(["triage", .. answers])).Succeeded().StdOut;
        var lines = readable.TrimEnd().Split('\n');
        Assert.Equal("Suggested severity: SEV-1", lines[0]);
        Assert.Contains("  - A security breach is suspected: treat it as SEV-1 and keep it private.", lines);
        var checklistAt = Array.IndexOf(lines, "  The incident will be private, with a security checklist:");
        Assert.True(checklistAt > 0, $"No security checklist.\n{readable}");
        Assert.Equal(SecurityChecklist.Select(item => $"    [ ] {item}"), lines[(checklistAt + 1)..]);

        var json = (await _cli.RunAsync(["triage", .. answers, "--json"])).Succeeded().Json();
        Assert.Equal("SEV-1", json.GetProperty("severity").GetString());
        Assert.True(json.GetProperty("private").GetBoolean());
        Assert.Equal(SecurityChecklist, Strings(json.GetProperty("checklist")));
    }

    [Fact]
    public async Task Triage_NoAnswersAndNoTerminal_AsksNothingAndAssumesTheWorse()
    {
        var result = (await _cli.RunAsync("triage")).Succeeded();
        Assert.DoesNotContain("How many users are affected right now?", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("(yes/no/unknown)", result.StdOut, StringComparison.Ordinal);
        var lines = result.StdOut.TrimEnd().Split('\n');
        Assert.Equal("Suggested severity: SEV-1", lines[0]);
        Assert.Contains("  - Data loss is not ruled out: assuming the worse until someone checks.", lines);
        Assert.Contains("  - A security breach is not ruled out: at least SEV-2 until someone checks.", lines);
        Assert.Contains("  - How many users are affected is unknown: assuming all of them.", lines);
        Assert.Contains("  > Check what changed around the start time: deploys, configuration, feature flags, dependencies.", lines);
        Assert.Contains("  > Stop the writes that lose data before anything else, and preserve the evidence.", lines);
    }

    [Fact]
    public async Task Triage_Ask_ReadsTheAnswersFromStdin()
    {
        // A blank answer counts as unknown.
        var all = (await _cli.RunWithInputAsync("all\nyes\n\nno\nno\nyes\nno\n", "triage", "--ask")).Succeeded().StdOut;
        foreach (var question in new[]
                 {
                     "How many users are affected right now? (none/some/most/all/unknown)",
                     "Is a core feature broken? (yes/no/unknown)",
                     "Is data being lost or corrupted? (yes/no/unknown)",
                     "Is there a workaround? (yes/no/unknown)",
                     "Could this be a security breach? (yes/no/unknown)",
                     "Was there a recent change (deploy, config, flag)? (yes/no/unknown)",
                     "Can that change be rolled back? (yes/no/unknown)",
                 })
        {
            Assert.Contains(question, all, StringComparison.Ordinal);
        }

        Assert.Contains("Suggested severity: SEV-1", all, StringComparison.Ordinal);
        Assert.Contains("  - Data loss is not ruled out: assuming the worse until someone checks.", all, StringComparison.Ordinal);
        Assert.Contains("  - Most or all users cannot use a core feature, with no workaround.", all, StringComparison.Ordinal);
        Assert.Contains("  > A recent change is suspected but rollback is not possible or not known to be", all, StringComparison.Ordinal);
        Assert.DoesNotContain("security breach is", all, StringComparison.Ordinal);

        // Questions answered by flags are not asked again.
        var partly = (await _cli.RunWithInputAsync("no\nyes\nno\nno\nno\n", "triage", "--ask", "--users", "some", "--core-broken", "no")).Succeeded().StdOut;
        Assert.DoesNotContain("How many users are affected right now?", partly, StringComparison.Ordinal);
        Assert.DoesNotContain("Is a core feature broken?", partly, StringComparison.Ordinal);
        Assert.Contains("Is data being lost or corrupted?", partly, StringComparison.Ordinal);
        Assert.Contains("Can that change be rolled back?", partly, StringComparison.Ordinal);
        Assert.Contains("Suggested severity: SEV-3", partly, StringComparison.Ordinal);
        Assert.Contains("  - Some users see a degraded, non-core feature.", partly, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TriageDeclare_Breach_DeclaresAtTheSuggestedLevel_PrivateWithTheChecklist_AndRecordsTheTriage()
    {
        var title = Unique("Suspicious admin logins");
        var service = Unique("admin-portal");
        var declared = (await _cli.RunAsync(
            "triage", "--declare", title, "--service", service, "--impact", "Admin sessions may be exposed",
            "--users", "none", "--core-broken", "no", "--data-loss", "no", "--workaround", "yes", "--breach", "yes",
            "--recent-change", "no", "--rollback-possible", "no")).Succeeded();
        var match = TriageDeclaredLine().Match(declared.StdOut.Split('\n')[0].Trim());
        Assert.True(match.Success, $"No 'Declared INC-N at SEV-1 as triage suggested.' line.\n{declared}");
        var key = match.Groups[1].Value;
        var text = declared.StdOut;
        Assert.Contains($"{key}  SEV-1  investigating  [private]  {title}", text, StringComparison.Ordinal);
        Assert.Contains($"  Services: {service}", text, StringComparison.Ordinal);
        Assert.Contains("  Impact: Admin sessions may be exposed", text, StringComparison.Ordinal);
        Assert.Contains("  Checklist security:", text, StringComparison.Ordinal);
        for (var n = 1; n <= SecurityChecklist.Length; n++)
        {
            Assert.Contains($"    [ ] {n}. {SecurityChecklist[n - 1]}", text, StringComparison.Ordinal);
        }

        var shown = await ShowJsonAsync(key);
        var incident = shown.GetProperty("incident");
        Assert.Equal("SEV-1", incident.GetProperty("severity").GetString());
        Assert.True(incident.GetProperty("private").GetBoolean());
        var checklist = Assert.Single(incident.GetProperty("checklists").EnumerateArray());
        Assert.Equal("security", checklist.GetProperty("name").GetString());
        Assert.Equal(SecurityChecklist, Strings(checklist.GetProperty("items")));
        Assert.Empty(checklist.GetProperty("done").EnumerateArray());

        var triage = Assert.Single(shown.GetProperty("timeline").EnumerateArray(), i => i.GetProperty("kind").GetString() == "triage");
        Assert.StartsWith("Triage suggested SEV-1: A security breach is suspected: treat it as SEV-1 and keep it private.", triage.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("admin", triage.GetProperty("actor").GetString());
        Assert.Contains(TimelineTexts(shown), t => t.StartsWith("Checklist 'security' added: 1. Keep the incident private", StringComparison.Ordinal));

        // Tick items of the security checklist.
        var ticked = (await _cli.RunAsync("checklist", key, "security", "2")).Succeeded().StdOut;
        Assert.Contains($"    [ ] 1. {SecurityChecklist[0]}", ticked, StringComparison.Ordinal);
        Assert.Contains($"    [x] 2. {SecurityChecklist[1]}", ticked, StringComparison.Ordinal);
        var again = (await _cli.RunAsync("checklist", key, "Security", "5", "--json")).Succeeded().Json();
        Assert.Equal([2, 5], Assert.Single(again.GetProperty("checklists").EnumerateArray()).GetProperty("done").EnumerateArray().Select(d => d.GetInt32()));
        var twice = (await _cli.RunAsync("checklist", key, "security", "2", "--json")).Succeeded().Json();
        Assert.Equal([2, 5], Assert.Single(twice.GetProperty("checklists").EnumerateArray()).GetProperty("done").EnumerateArray().Select(d => d.GetInt32()));

        var outOfRange = (await _cli.RunAsync("checklist", key, "security", "7")).Failed();
        Assert.Contains("The security checklist has items 1 to 6.", outOfRange.StdErr, StringComparison.Ordinal);
        var unknown = (await _cli.RunAsync("checklist", key, "legal", "1")).Failed();
        Assert.Contains("404", unknown.StdErr, StringComparison.Ordinal);
        Assert.Contains($"{key} has no checklist 'legal'; it has security.", unknown.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Equal(["Checklist 'security' item 2 done", "Checklist 'security' item 5 done"], texts.Where(t => t.EndsWith(" done", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TriageDeclare_Json_NoBreach_IsPublicWithoutAChecklist()
    {
        var title = Unique("Search results stale");
        var incident = (await _cli.RunAsync(
            "triage", "--declare", title, "--users", "some", "--core-broken", "no", "--data-loss", "no", "--workaround", "yes",
            "--breach", "no", "--recent-change", "no", "--rollback-possible", "no", "--started-at", "2025-03-01T09:30:00Z", "--json")).Succeeded().Json();
        var key = incident.GetProperty("key").GetString()!;
        Assert.Equal(title, incident.GetProperty("title").GetString());
        Assert.Equal("SEV-3", incident.GetProperty("severity").GetString());
        Assert.False(incident.GetProperty("private").GetBoolean());
        Assert.Empty(incident.GetProperty("checklists").EnumerateArray());
        Assert.Equal(DateTimeOffset.Parse("2025-03-01T09:30:00Z", CultureInfo.InvariantCulture), incident.GetProperty("startedAt").GetDateTimeOffset());

        var triage = Assert.Single((await ShowJsonAsync(key)).GetProperty("timeline").EnumerateArray(), i => i.GetProperty("kind").GetString() == "triage");
        Assert.Equal("Triage suggested SEV-3: Some users see a degraded, non-core feature.", triage.GetProperty("text").GetString());
    }

    [Fact]
    public async Task UpdateDraft_FillsTheTemplateFromTheIncident_AndPostsNothing()
    {
        var title = Unique("Card payments failing");
        var service = Unique("checkout");
        var key = Key(await DeclareAsync(title, "--sev", "P1", "--service", service, "--impact", "EU customers cannot pay"));

        var draft = (await _cli.RunAsync("update", key, "--draft")).Succeeded().StdOut;
        Assert.Contains("Draft (declared, public status investigating):", draft, StringComparison.Ordinal);
        Assert.Contains($"We are investigating an issue with {service}: {title}. Impact: EU customers cannot pay. Severity SEV-2, started ", draft, StringComparison.Ordinal);
        Assert.Contains($"Post it with: firebreak update {key} \"", draft, StringComparison.Ordinal);

        var resolved = (await _cli.RunAsync("update", key, "--draft", "--template", "resolved", "--json")).Succeeded().Json();
        Assert.Equal(key, resolved.GetProperty("incident").GetString());
        Assert.Equal("resolved", resolved.GetProperty("template").GetString());
        Assert.Equal("resolved", resolved.GetProperty("publicStatus").GetString());
        Assert.StartsWith($"{title} is resolved. It lasted ", resolved.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Impact: EU customers cannot pay.", resolved.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["declared", "investigating", "identified", "monitoring", "resolved"], Strings(resolved.GetProperty("templates")));
        var resolvedReadable = (await _cli.RunAsync("update", key, "--template", "resolved")).Succeeded().StdOut;
        Assert.Contains($"Post it with: firebreak update {key} \"…\" --public --status resolved", resolvedReadable, StringComparison.Ordinal);

        var unknown = (await _cli.RunAsync("update", key, "--draft", "--template", "apology")).Failed();
        Assert.Contains("There is no template 'apology'", unknown.StdErr, StringComparison.Ordinal);

        var after = (await ShowJsonAsync(key)).GetProperty("incident");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("lastUpdateAt").ValueKind);
        Assert.DoesNotContain(TimelineTexts(await ShowJsonAsync(key)), t => t.Contains("update", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Update_Posting_MovesTheNextUpdateDue_AndPublicUpdatesKeepOneVoice()
    {
        var declared = await DeclareAsync(Unique("Checkout latency"), "--sev", "P1", "--commander", "admin");
        var key = Key(declared);
        var declaredAt = declared.GetProperty("declaredAt").GetDateTimeOffset();
        var firstDue = declared.GetProperty("nextUpdateDue").GetDateTimeOffset();
        Assert.Equal(declaredAt + TimeSpan.FromMinutes(30), firstDue);

        var posted = (await _cli.RunAsync("update", key, "Still investigating; the database looks healthy", "--json")).Succeeded().Json();
        var lastUpdateAt = posted.GetProperty("lastUpdateAt").GetDateTimeOffset();
        var nextDue = posted.GetProperty("nextUpdateDue").GetDateTimeOffset();
        Assert.Equal(lastUpdateAt + TimeSpan.FromMinutes(30), nextDue);
        Assert.True(nextDue > firstDue, $"The next update due did not move: {firstDue:O} then {nextDue:O}.");
        Assert.False(posted.GetProperty("updateOverdue").GetBoolean());

        var readable = (await _cli.RunAsync("update", key, "Found a slow query; working on an index")).Succeeded().StdOut;
        Assert.StartsWith("Update posted.", readable, StringComparison.Ordinal);
        Assert.Matches(@"  Next update due \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", readable);

        // SEV-2 needs a comms lead to speak in public: without one the update goes out with a warning.
        var publicUpdate = (await _cli.RunAsync("update", key, "We have found the cause of slow checkouts", "--public", "--status", "identified")).Succeeded().StdOut;
        Assert.Contains("  WARN [many-voices] A public update went out with no comms lead assigned.", publicUpdate, StringComparison.Ordinal);
        (await _cli.RunAsync("role", key, "comms-lead", "admin")).Succeeded();
        var fromCommsLead = (await _cli.RunAsync("update", key, "A fix is rolling out", "--public")).Succeeded().StdOut;
        Assert.DoesNotContain("[many-voices]", fromCommsLead, StringComparison.Ordinal);

        var badStatus = (await _cli.RunAsync("update", key, "text", "--public", "--status", "sleeping")).Failed();
        Assert.Contains("Unknown public status 'sleeping'", badStatus.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains("Internal update: Still investigating; the database looks healthy", texts);
        Assert.Contains("Internal update: Found a slow query; working on an index", texts);
        Assert.Contains("Public update (identified): We have found the cause of slow checkouts", texts);
        Assert.Contains("Public update (investigating): A fix is rolling out", texts);
        Assert.Single(texts, t => t.StartsWith("[many-voices]", StringComparison.Ordinal));

        // Once an update went out, the draft continues the story.
        var draft = (await _cli.RunAsync("update", key, "--draft", "--json")).Succeeded().Json();
        Assert.Equal("investigating", draft.GetProperty("template").GetString());
    }

    [Fact]
    public async Task Mitigate_ProposeStartApplyVerify_AndAbandon()
    {
        var key = Key(await DeclareAsync(Unique("Checkout errors"), "--sev", "P2", "--commander", "admin"));

        var proposed = (await _cli.RunAsync("mitigate", "propose", key, "feature-flag", "Turn off the new checkout flow", "--owner", "admin", "--effect", "error rate back under 0.1%")).Succeeded().StdOut;
        Assert.Contains("  Mitigation 1 [proposed] feature-flag: Turn off the new checkout flow (owner admin)", proposed, StringComparison.Ordinal);
        Assert.Contains("  Mitigation 1 [started]", (await _cli.RunAsync("mitigate", "start", key, "1")).Succeeded().StdOut, StringComparison.Ordinal);
        var applied = (await _cli.RunAsync("mitigate", "apply", key, "1", "--json")).Succeeded().Json();
        var mitigation = Assert.Single(applied.GetProperty("mitigations").EnumerateArray());
        Assert.Equal("applied", mitigation.GetProperty("state").GetString());
        Assert.Equal("feature-flag", mitigation.GetProperty("kind").GetString());
        Assert.Equal("admin", mitigation.GetProperty("owner").GetString());
        Assert.Equal("error rate back under 0.1%", mitigation.GetProperty("expectedEffect").GetString());
        Assert.NotEqual(JsonValueKind.Null, mitigation.GetProperty("appliedAt").ValueKind);
        Assert.Contains("  Mitigation 1 [verified]", (await _cli.RunAsync("mitigate", "verify", key, "1", "--note", "errors at 0.05% for 10 minutes")).Succeeded().StdOut, StringComparison.Ordinal);

        (await _cli.RunAsync("mitigate", "propose", key, "scale", "Add two replicas")).Succeeded();
        var noReason = (await _cli.RunAsync("mitigate", "abandon", key, "2")).Failed();
        Assert.Contains("Say why it is abandoned", noReason.StdErr, StringComparison.Ordinal);
        Assert.Contains("  Mitigation 2 [abandoned] scale: Add two replicas", (await _cli.RunAsync("mitigate", "abandon", key, "2", "--note", "the flag fixed it")).Succeeded().StdOut, StringComparison.Ordinal);

        var done = (await _cli.RunAsync("mitigate", "start", key, "2")).Failed();
        Assert.Contains("Mitigation 2 is abandoned; it takes no more changes.", done.StdErr, StringComparison.Ordinal);
        (await _cli.RunAsync("mitigate", "propose", key, "redirect", "Send EU traffic to us-east")).Succeeded();
        var outOfOrder = (await _cli.RunAsync("mitigate", "verify", key, "3")).Failed();
        Assert.Contains("Mitigation 3 is proposed; it can move to started or abandoned, not verified.", outOfOrder.StdErr, StringComparison.Ordinal);
        var missing = (await _cli.RunAsync("mitigate", "apply", key, "9")).Failed();
        Assert.Contains("404", missing.StdErr, StringComparison.Ordinal);
        Assert.Contains($"{key} has no mitigation 9; its mitigations are 1 to 3.", missing.StdErr, StringComparison.Ordinal);
        var badKind = (await _cli.RunAsync("mitigate", "propose", key, "teleport", "Move the datacenter")).Failed();
        Assert.Contains("Unknown mitigation kind 'teleport'", badKind.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains("Mitigation 1 proposed (feature-flag): Turn off the new checkout flow, owner admin; expected: error rate back under 0.1%", texts);
        Assert.Contains("Mitigation 1 started", texts);
        Assert.Contains("Mitigation 1 applied", texts);
        Assert.Contains("Mitigation 1 verified: errors at 0.05% for 10 minutes", texts);
        Assert.Contains("Mitigation 2 abandoned: the flag fixed it", texts);
        Assert.DoesNotContain("Mitigation 2 started", texts);
    }

    [Fact]
    public async Task Mitigate_Risky_WaitsForTheCommandersApproval_AndNoOverrideOpensIt()
    {
        var (bob, password) = await CreateUserWithPasswordAsync("bob");
        using var bobCli = new CliRunner();
        (await bobCli.RunWithInputAsync(password + "\n", "login", server.Url, "--user", bob, "--password-stdin")).Succeeded();
        var key = Key(await DeclareAsync(Unique("Primary database stuck"), "--sev", "P1", "--commander", "admin"));
        (await bobCli.RunAsync("join", key)).Succeeded();

        var proposed = (await bobCli.RunAsync("mitigate", "propose", key, "other", "Restart the primary database", "--risky")).Succeeded().StdOut;
        Assert.Contains("  Mitigation 1 [proposed] other: Restart the primary database — risky, needs the commander's approval", proposed, StringComparison.Ordinal);

        var blocked = (await bobCli.RunAsync("mitigate", "start", key, "1")).Failed();
        Assert.Contains("409", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains("Blocked by the risky-action guardrail: Mitigation 1 is marked risky and the commander has not approved it.", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains("Ask the commander (admin) to approve it first", blocked.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("override", blocked.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, blocked.StdOut.Trim());

        var overridden = (await bobCli.RunAsync("mitigate", "start", key, "1", "--override", "no time to wait")).Failed();
        Assert.Contains("Blocked by the risky-action guardrail", overridden.StdErr, StringComparison.Ordinal);

        var notCommander = (await bobCli.RunAsync("mitigate", "approve", key, "1")).Failed();
        Assert.Contains("Only the commander (admin) can approve a risky mitigation.", notCommander.StdErr, StringComparison.Ordinal);

        var stillProposed = (await ShowJsonAsync(key)).GetProperty("incident").GetProperty("mitigations")[0];
        Assert.Equal("proposed", stillProposed.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, stillProposed.GetProperty("approvedBy").ValueKind);

        var approved = (await _cli.RunAsync("mitigate", "approve", key, "1")).Succeeded().StdOut;
        Assert.Contains("  Mitigation 1 [proposed] other: Restart the primary database — risky, approved by admin", approved, StringComparison.Ordinal);
        var started = (await bobCli.RunAsync("mitigate", "start", key, "1", "--json")).Succeeded().Json();
        var mitigation = started.GetProperty("mitigations")[0];
        Assert.Equal("started", mitigation.GetProperty("state").GetString());
        Assert.Equal("admin", mitigation.GetProperty("approvedBy").GetString());

        var notRisky = (await _cli.RunAsync("mitigate", "propose", key, "scale", "More workers")).Succeeded();
        Assert.Contains("Mitigation 2 [proposed]", notRisky.StdOut, StringComparison.Ordinal);
        var needless = (await _cli.RunAsync("mitigate", "approve", key, "2")).Failed();
        Assert.Contains("Mitigation 2 is not marked risky; it needs no approval.", needless.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains("Mitigation 1 approved by the commander", texts);
        Assert.Single(texts, t => t == "Mitigation 1 started");
        Assert.DoesNotContain(texts, t => t.Contains("overridden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mitigate_HotfixWithoutRollbackPlan_IsBlocked_UntilOverriddenWithAReason()
    {
        var key = Key(await DeclareAsync(Unique("Cart crashes"), "--sev", "P2"));
        (await _cli.RunAsync("mitigate", "propose", key, "hotfix", "Patch the null check in the cart")).Succeeded();

        var blocked = (await _cli.RunAsync("mitigate", "start", key, "1")).Failed();
        Assert.Contains("409", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains("Blocked by the no-rollback-plan guardrail: Hotfix 1 has no rollback plan.", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains("To go ahead anyway, give an override reason.", blocked.StdErr, StringComparison.Ordinal);
        Assert.Equal("proposed", (await ShowJsonAsync(key)).GetProperty("incident").GetProperty("mitigations")[0].GetProperty("state").GetString());

        var overridden = (await _cli.RunAsync("mitigate", "start", key, "1", "--override", "one-line change; reverting is redeploying v4.1", "--json")).Succeeded().Json();
        Assert.Equal("started", overridden.GetProperty("mitigations")[0].GetProperty("state").GetString());

        // A hotfix with its rollback plan starts without any override.
        (await _cli.RunAsync("mitigate", "propose", key, "hotfix", "Guard the cart total", "--plan", "redeploy v4.1.2; no migration")).Succeeded();
        (await _cli.RunAsync("mitigate", "start", key, "2")).Succeeded();

        var shown = await ShowJsonAsync(key);
        var overrides = shown.GetProperty("timeline").EnumerateArray().Where(i => i.GetProperty("text").GetString()!.StartsWith("Guardrail ", StringComparison.Ordinal)).ToList();
        var recorded = Assert.Single(overrides);
        Assert.Equal("Guardrail no-rollback-plan overridden: one-line change; reverting is redeploying v4.1", recorded.GetProperty("text").GetString());
        Assert.Equal("guardrail", recorded.GetProperty("kind").GetString());
        Assert.Equal("admin", recorded.GetProperty("actor").GetString());
        Assert.Contains("Mitigation 2 proposed (hotfix): Guard the cart total; rollback plan: redeploy v4.1.2; no migration", TimelineTexts(shown));
    }

    [Fact]
    public async Task Mitigate_RollbackChecklist_AndTwoChangesAtOnce_AreBlocked()
    {
        var key = Key(await DeclareAsync(Unique("Bad deploy"), "--sev", "P3"));
        (await _cli.RunAsync("mitigate", "propose", key, "rollback", "Roll back to 4.1")).Succeeded();
        var unsafeRollback = (await _cli.RunAsync("mitigate", "start", key, "1")).Failed();
        Assert.Contains(
            "Blocked by the unsafe-rollback guardrail: Rollback 1 fails its checklist: an irreversible migration may have run, it may have irreversible side effects, no known-good target.",
            unsafeRollback.StdErr,
            StringComparison.Ordinal);

        (await _cli.RunAsync("mitigate", "propose", key, "rollback", "Roll back to 4.1", "--no-irreversible-migration", "--no-irreversible-side-effects", "--target", "v4.1.3")).Succeeded();
        (await _cli.RunAsync("mitigate", "start", key, "2")).Succeeded();
        (await _cli.RunAsync("mitigate", "apply", key, "2")).Succeeded();

        (await _cli.RunAsync("mitigate", "propose", key, "feature-flag", "Disable recommendations")).Succeeded();
        var twoChanges = (await _cli.RunAsync("mitigate", "start", key, "3")).Failed();
        Assert.Contains("Blocked by the two-changes guardrail: Mitigation 2 (Roll back to 4.1) is applied but not verified yet", twoChanges.StdErr, StringComparison.Ordinal);
        var started = (await _cli.RunAsync("mitigate", "start", key, "3", "--override", "known compound cause: deploy and flag", "--json")).Succeeded().Json();
        Assert.Equal(["proposed", "applied", "started"], started.GetProperty("mitigations").EnumerateArray().Select(m => m.GetProperty("state").GetString()));

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains("Mitigation 1 proposed (rollback): Roll back to 4.1; checklist: no irreversible migration no, no irreversible side effects no, target unknown", texts);
        Assert.Contains("Mitigation 2 proposed (rollback): Roll back to 4.1; checklist: no irreversible migration yes, no irreversible side effects yes, target v4.1.3", texts);
        Assert.Contains("Guardrail two-changes overridden: known compound cause: deploy and flag", texts);
        Assert.DoesNotContain("Mitigation 1 started", texts);
    }

    [Fact]
    public async Task Findings_ArePrintedAfterCommands()
    {
        var key = Key(await DeclareAsync(Unique("Orders table"), "--sev", "P3"));

        var drop = (await _cli.RunAsync("log", key, "command", "DROP TABLE users")).Succeeded();
        var lines = drop.StdOut.TrimEnd().Split('\n');
        Assert.Equal($"Logged command #3 on {key}.", lines[0]);
        Assert.Equal("  WARN [unsafe-command] Destructive command logged: DROP destroys the object and its data.", lines[1]);
        Assert.StartsWith("      fix: Before running it in production: take a backup or snapshot", lines[2], StringComparison.Ordinal);

        var delete = (await _cli.RunAsync("log", key, "command", "DELETE FROM orders", "--json")).Succeeded().Json();
        var finding = Assert.Single(delete.GetProperty("findings").EnumerateArray());
        Assert.Equal("unsafe-command", finding.GetProperty("guardrail").GetString());
        Assert.Equal("warn", finding.GetProperty("level").GetString());
        Assert.Equal("Destructive command logged: DELETE without WHERE removes every row.", finding.GetProperty("message").GetString());

        var safe = (await _cli.RunAsync("log", key, "command", "SELECT count(*) FROM orders WHERE day = today()")).Succeeded();
        Assert.Equal($"Logged command #7 on {key}.", safe.StdOut.Trim());
        var note = (await _cli.RunAsync("log", key, "note", "DROP TABLE users was only an idea")).Succeeded();
        Assert.DoesNotContain("WARN", note.StdOut, StringComparison.Ordinal);

        var nudges = (await ShowJsonAsync(key)).GetProperty("timeline").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "guardrail").ToList();
        Assert.Equal(2, nudges.Count);
        Assert.StartsWith("[unsafe-command] Destructive command logged: DROP destroys the object and its data.", nudges[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, nudges[0].GetProperty("version").GetInt64());
        Assert.StartsWith("[unsafe-command] Destructive command logged: DELETE without WHERE", nudges[1].GetProperty("text").GetString(), StringComparison.Ordinal);

        // Standing findings come with every incident the CLI prints.
        var major = (await _cli.RunAsync("declare", Unique("Everything is down"), "--sev", "P0")).Succeeded().StdOut;
        Assert.Contains("  INFO [roles-required] SEV-1 asks for these roles, still unfilled: commander, comms-lead, tech-lead.", major, StringComparison.Ordinal);
        Assert.Contains("      fix: Assign them: firebreak role ", major, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hypothesis_ConfirmRejectAndReopen()
    {
        var key = Key(await DeclareAsync(Unique("Slow API"), "--sev", "P3"));
        var pool = EntryVersion(await LogJsonAsync(key, "hypothesis", "connection pool exhausted"));
        var deploy = EntryVersion(await LogJsonAsync(key, "hypothesis", "yesterday's deploy"));
        var symptom = EntryVersion(await LogJsonAsync(key, "symptom", "p99 at 2 s"));

        (await _cli.RunAsync("hypothesis", key, pool, "confirmed")).Succeeded();
        var rejected = (await _cli.RunAsync("hypothesis", key, deploy, "rejected", "--json")).Succeeded().Json();
        Assert.Equal(
            [(long.Parse(pool, CultureInfo.InvariantCulture), "confirmed"), (long.Parse(deploy, CultureInfo.InvariantCulture), "rejected")],
            rejected.GetProperty("hypotheses").EnumerateArray().Select(h => (h.GetProperty("entry").GetInt64(), h.GetProperty("status").GetString())));
        var reopened = (await _cli.RunAsync("hypothesis", key, deploy, "open", "--json")).Succeeded().Json();
        Assert.Equal("open", reopened.GetProperty("hypotheses")[1].GetProperty("status").GetString());

        var notAHypothesis = (await _cli.RunAsync("hypothesis", key, symptom, "confirmed")).Failed();
        Assert.Contains($"Entry {symptom} of {key} is not a hypothesis", notAHypothesis.StdErr, StringComparison.Ordinal);
        var badStatus = (await _cli.RunAsync("hypothesis", key, pool, "maybe")).Failed();
        Assert.Contains("Unknown hypothesis status 'maybe'", badStatus.StdErr, StringComparison.Ordinal);
        var missing = (await _cli.RunAsync("hypothesis", key, "999", "confirmed")).Failed();
        Assert.Contains($"{key} has no timeline entry 999.", missing.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains($"Hypothesis #{pool} confirmed", texts);
        Assert.Contains($"Hypothesis #{deploy} rejected", texts);
        Assert.Contains($"Hypothesis #{deploy} open", texts);
    }

    [Fact]
    public async Task Evidence_TextLinkAndFile_ListAndGetTheSameBytes()
    {
        var key = Key(await DeclareAsync(Unique("Latency spike"), "--sev", "P3"));

        const string note = "p99 latency 2.3 s — starting 14:02 UTC";
        var noteBytes = Encoding.UTF8.GetBytes(note);
        var text = (await _cli.RunAsync("evidence", key, "--text", note, "--name", "latency note")).Succeeded().StdOut.Trim();
        var textMatch = EvidenceLine().Match(text);
        Assert.True(textMatch.Success, $"Unexpected output: {text}");
        Assert.Equal(key, textMatch.Groups["incident"].Value);
        Assert.Equal($"latency note ({noteBytes.Length} bytes, sha256 {Sha256(noteBytes)}).", textMatch.Groups["rest"].Value);
        var textId = textMatch.Groups["id"].Value;

        var link = (await _cli.RunAsync("evidence", key, "--link", "https://grafana.example.com/d/checkout?from=now-1h", "--name", "dashboard", "--json")).Succeeded().Json();
        Assert.Equal("link", link.GetProperty("kind").GetString());
        Assert.Equal("dashboard", link.GetProperty("name").GetString());
        Assert.Equal("https://grafana.example.com/d/checkout?from=now-1h", link.GetProperty("url").GetString());
        Assert.False(link.GetProperty("verification").GetBoolean());
        var linkId = link.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

        var content = new byte[70_000];
        new Random(7).NextBytes(content);
        for (var b = 0; b < 256; b++)
        {
            content[b] = (byte)b;
        }

        var path = Path.Combine(_files.Path, "heap-dump.bin");
        await File.WriteAllBytesAsync(path, content);
        var file = (await _cli.RunAsync("evidence", key, "--file", path, "--json")).Succeeded().Json();
        Assert.Equal("file", file.GetProperty("kind").GetString());
        Assert.Equal("heap-dump.bin", file.GetProperty("name").GetString());
        Assert.Equal(content.Length, file.GetProperty("size").GetInt64());
        Assert.Equal(Sha256(content), file.GetProperty("sha256").GetString());
        Assert.Equal("admin", file.GetProperty("createdBy").GetString());
        var fileId = file.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

        var listed = (await _cli.RunAsync("evidence", key, "--list")).Succeeded().StdOut.TrimEnd().Split('\n');
        Assert.Equal(3, listed.Length);
        Assert.Matches($"^ *{textId}  text +latency note  {noteBytes.Length} bytes  sha256:{Sha256(noteBytes)[..12]}  admin ", listed[0]);
        Assert.Matches($"^ *{linkId}  link +dashboard https://grafana\\.example\\.com/d/checkout\\?from=now-1h  ", listed[1]);
        Assert.Matches($"^ *{fileId}  file +heap-dump\\.bin  {content.Length} bytes  sha256:{Sha256(content)[..12]}  admin ", listed[2]);
        Assert.All(listed, l => Assert.DoesNotContain("[verification]", l, StringComparison.Ordinal));
        var json = (await _cli.RunAsync("evidence", key, "--list", "--json")).Succeeded().Json();
        Assert.Equal([textId, linkId, fileId], json.EnumerateArray().Select(e => e.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)));

        var target = Path.Combine(_files.Path, "downloaded.bin");
        var got = (await _cli.RunAsync("evidence", key, "--get", fileId, "-o", target)).Succeeded();
        Assert.Equal($"Wrote {content.Length} bytes to {target}.", got.StdOut.Trim());
        var downloaded = await File.ReadAllBytesAsync(target);
        Assert.Equal(Sha256(content), Sha256(downloaded));
        Assert.Equal(content, downloaded);

        var gotText = (await _cli.RunAsync("evidence", key, "--get", textId)).Succeeded();
        Assert.Equal(note, gotText.StdOut);
        var gotLink = (await _cli.RunAsync("evidence", key, "--get", linkId)).Failed();
        Assert.Contains($"Evidence {linkId} is a link", gotLink.StdErr, StringComparison.Ordinal);
        var gotMissing = (await _cli.RunAsync("evidence", key, "--get", "987654")).Failed();
        Assert.Contains($"{key} has no evidence 987654.", gotMissing.StdErr, StringComparison.Ordinal);

        var nothing = (await _cli.RunAsync("evidence", key)).Failed();
        Assert.Contains("Say what to keep: --text, --file or --link", nothing.StdErr, StringComparison.Ordinal);
        var noFile = (await _cli.RunAsync("evidence", key, "--file", Path.Combine(_files.Path, "missing.log"))).Failed();
        Assert.Contains("There is no file", noFile.StdErr, StringComparison.Ordinal);
        var badLink = (await _cli.RunAsync("evidence", key, "--link", "ftp://example.com/x")).Failed();
        Assert.Contains("'url' must be an absolute http(s) address", badLink.StdErr, StringComparison.Ordinal);

        var shown = await ShowJsonAsync(key);
        Assert.Equal(3, shown.GetProperty("incident").GetProperty("evidenceCount").GetInt32());
        Assert.Contains($"Evidence #{fileId} attached (file): heap-dump.bin sha256:{Sha256(content)[..12]}", TimelineTexts(shown));
    }

    [Fact]
    public async Task Resolve_IsBlockedWithoutVerification_AndResolvesWithVerificationEvidence()
    {
        var service = Unique("storefront");
        var key = Key(await DeclareAsync(Unique("Storefront 500s"), "--sev", "P3", "--service", service));

        var blocked = (await _cli.RunAsync("resolve", key)).Failed();
        Assert.Contains("409", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains($"Blocked by the unverified-resolve guardrail: Nothing shows the fix works: no health check covers {service} and no verification evidence is attached.", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains($"firebreak evidence {key} --verification", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains("override", blocked.StdErr, StringComparison.Ordinal);
        var unchanged = (await ShowJsonAsync(key)).GetProperty("incident");
        Assert.Equal("investigating", unchanged.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("resolvedAt").ValueKind);

        // Evidence that is not marked as verification does not count.
        (await _cli.RunAsync("evidence", key, "--text", "error graph flat")).Succeeded();
        (await _cli.RunAsync("resolve", key)).Failed();

        var proof = (await _cli.RunAsync("evidence", key, "--text", "bought a product with a real card at 15:10", "--name", "smoke test", "--verification")).Succeeded().StdOut;
        Assert.EndsWith(", counts as verification.", proof.Trim(), StringComparison.Ordinal);
        Assert.Contains("[verification]", (await _cli.RunAsync("evidence", key, "--list")).Succeeded().StdOut, StringComparison.Ordinal);

        var resolved = (await _cli.RunAsync("resolve", key, "--reason", "smoke test passes")).Succeeded().StdOut;
        Assert.Contains($"{key}  SEV-4  resolved", resolved, StringComparison.Ordinal);
        Assert.Contains($"  WARN [silent-resolve] {key} is resolved but nobody has been told.", resolved, StringComparison.Ordinal);

        var shown = await ShowJsonAsync(key);
        Assert.Equal("resolved", shown.GetProperty("incident").GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("incident").GetProperty("resolvedAt").ValueKind);
        var texts = TimelineTexts(shown);
        Assert.Contains("Status investigating → resolved: smoke test passes", texts);
        Assert.DoesNotContain(texts, t => t.Contains("overridden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolve_WithAVerificationFile_OrAnOverride()
    {
        var withFile = Key(await DeclareAsync(Unique("Image uploads failing"), "--sev", "P3"));
        var screenshot = Path.Combine(_files.Path, "upload-works.png");
        await File.WriteAllBytesAsync(screenshot, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF]);
        var attached = (await _cli.RunAsync("evidence", withFile, "--file", screenshot, "--verification", "--json")).Succeeded().Json();
        Assert.True(attached.GetProperty("verification").GetBoolean());
        var resolved = (await _cli.RunAsync("resolve", withFile, "--json")).Succeeded().Json();
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Contains("Status investigating → resolved: verified by the attached evidence", TimelineTexts(await ShowJsonAsync(withFile)));

        var overridden = Key(await DeclareAsync(Unique("Emails delayed"), "--sev", "P3"));
        var result = (await _cli.RunAsync("resolve", overridden, "--override", "the customer confirmed by phone", "--json")).Succeeded().Json();
        Assert.Equal("resolved", result.GetProperty("status").GetString());
        var texts = TimelineTexts(await ShowJsonAsync(overridden));
        Assert.Contains("Guardrail unverified-resolve overridden: the customer confirmed by phone", texts);
        Assert.Contains("Status investigating → resolved", texts);
    }

    [Fact]
    public async Task Override_IsAcceptedByEveryIncidentCommandVerb_AndRecordedOnlyWhenSomethingWasBlocked()
    {
        const string reason = "nothing is blocked here";
        var key = Key(await DeclareAsync(Unique("Override everywhere"), "--sev", "P2", "--service", Unique("api")));
        var hypothesis = EntryVersion((await _cli.RunAsync("log", key, "hypothesis", "cache stampede", "--override", reason, "--json")).Succeeded().Json());
        string[][] commands =
        [
            ["pin", key, hypothesis],
            ["status", key, "identified"],
            ["sev", key, "P1", "--reason", "spreading"],
            ["role", key, "commander", "admin"],
            ["join", key],
            ["hypothesis", key, hypothesis, "confirmed"],
            ["update", key, "We know the cause"],
            ["mitigate", "propose", key, "rate-limit", "Limit the cache rebuilds", "--risky"],
            ["mitigate", "approve", key, "1"],
            ["mitigate", "start", key, "1"],
            ["mitigate", "apply", key, "1"],
            ["mitigate", "verify", key, "1"],
            ["mitigate", "propose", key, "scale", "More cache nodes"],
            ["mitigate", "abandon", key, "2", "--note", "not needed"],
        ];
        foreach (var command in commands)
        {
            (await _cli.RunAsync([.. command, "--override", reason])).Succeeded();
        }

        var triage = Key(await DeclareAsync(Unique("Security report"), "--sev", "P3", "--triage"));
        (await _cli.RunAsync("decline", triage, "duplicate", "--override", reason)).Succeeded();
        var breach = (await _cli.RunAsync(
            "triage", "--declare", Unique("Leaked key"), "--users", "none", "--core-broken", "no", "--data-loss", "no", "--breach", "yes", "--json")).Succeeded().Json();
        (await _cli.RunAsync("checklist", Key(breach), "security", "1", "--override", reason)).Succeeded();

        var shown = await ShowJsonAsync(key);
        Assert.Equal("SEV-2", shown.GetProperty("incident").GetProperty("severity").GetString());
        Assert.Equal(["verified", "abandoned"], shown.GetProperty("incident").GetProperty("mitigations").EnumerateArray().Select(m => m.GetProperty("state").GetString()));
        Assert.DoesNotContain(TimelineTexts(shown), t => t.Contains(reason, StringComparison.Ordinal));
        Assert.DoesNotContain(TimelineTexts(await ShowJsonAsync(triage)), t => t.Contains(reason, StringComparison.Ordinal));
        Assert.DoesNotContain(TimelineTexts(await ShowJsonAsync(Key(breach))), t => t.Contains(reason, StringComparison.Ordinal));
    }

    private async Task<JsonElement> DeclareAsync(string title, params string[] options) =>
        (await _cli.RunAsync(["declare", title, .. options, "--json"])).Succeeded().Json();

    private async Task<JsonElement> LogJsonAsync(string key, string kind, string text) =>
        (await _cli.RunAsync("log", key, kind, text, "--json")).Succeeded().Json();

    private async Task<JsonElement> ShowJsonAsync(string key)
    {
        var json = (await _cli.RunAsync("show", key, "--json")).Succeeded().Json();
        Assert.Equal(JsonValueKind.Object, json.GetProperty("incident").ValueKind);
        return json;
    }

    private async Task<(string Username, string Password)> CreateUserWithPasswordAsync(string name)
    {
        var username = Unique(name);
        var created = (await _cli.RunAsync("user", "create", username, "--role", "responder", "--json")).Succeeded().Json();
        return (username, created.GetProperty("password").GetString()!);
    }

    private static string EntryVersion(JsonElement entry) => entry.GetProperty("version").GetInt64().ToString(CultureInfo.InvariantCulture);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    private static string Key(JsonElement incident) => incident.GetProperty("key").GetString()!;

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static List<string> TimelineTexts(JsonElement shown) =>
        [.. shown.GetProperty("timeline").EnumerateArray().Select(i => i.GetProperty("text").GetString()!)];

    [GeneratedRegex("^Declared (INC-[0-9]+) at SEV-1 as triage suggested\\.$")]
    private static partial Regex TriageDeclaredLine();

    [GeneratedRegex("^Evidence (?<id>[0-9]+) attached to (?<incident>INC-[0-9]+): (?<rest>.*)$")]
    private static partial Regex EvidenceLine();
}

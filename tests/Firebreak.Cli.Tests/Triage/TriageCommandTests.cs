using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Core.Investigation;

namespace Firebreak.Cli.Tests.Triage;

/// <summary>
/// severities and triage: the built-in levels, the suggested level with its reasons and advice, the questions asked
/// on stdin, and triage --declare declaring at that level (private with the security checklist on a suspected breach).
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed partial class TriageCommandTests(ServerProcess server) : SignedInCommandTests(server)
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

    [Fact]
    public async Task Severities_ReadableAndJson_ShowTheBuiltInPolicies()
    {
        var readable = (await Cli.RunAsync("severities")).Succeeded().StdOut.TrimEnd().Split('\n');
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

        var levels = (await Cli.RunAsync("severities", "--json")).Succeeded().Json().EnumerateArray().ToList();
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
        var critical = (await Cli.RunAsync(
            "triage", "--users", "all", "--core-broken", "yes", "--workaround", "no", "--data-loss", "no", "--breach", "no",
            "--recent-change", "yes", "--rollback-possible", "yes", "--started-at", "2025-03-01T10:00:00Z")).Succeeded();
        Assert.Equal(
            "Suggested severity: SEV-1\n" +
            "  - Most or all users cannot use a core feature, with no workaround.\n" +
            "  > A recent change is suspected and can be rolled back: roll it back first, investigate after.",
            critical.StdOut.TrimEnd());

        var minor = (await Cli.RunAsync(
            "triage", "--users", "some", "--core-broken", "yes", "--workaround", "yes", "--data-loss", "no", "--breach", "no",
            "--recent-change", "no", "--rollback-possible", "no", "--json")).Succeeded().Json();
        Assert.Equal("SEV-3", minor.GetProperty("severity").GetString());
        Assert.Equal(3, minor.GetProperty("rank").GetInt32());
        Assert.Equal(["Some users are hit on a core feature, and a workaround exists."], Strings(minor.GetProperty("reasons")));
        Assert.Equal(["Find when it started: the first alert, the first error in the logs, the first customer report."], Strings(minor.GetProperty("advice")));
        Assert.False(minor.GetProperty("private").GetBoolean());
        Assert.Empty(minor.GetProperty("checklist").EnumerateArray());

        var invalid = (await Cli.RunAsync("triage", "--users", "lots")).Failed();
        Assert.Contains("400", invalid.StdErr, StringComparison.Ordinal);
        Assert.Contains("'lots' is not an answer: use none, some, most, all or unknown.", invalid.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triage_SuspectedBreach_IsPrivateWithTheSecurityChecklist()
    {
        string[] answers = ["--users", "none", "--core-broken", "no", "--data-loss", "no", "--workaround", "yes", "--breach", "yes", "--recent-change", "no", "--rollback-possible", "no"];
        var readable = (await Cli.RunAsync(["triage", .. answers])).Succeeded().StdOut;
        var lines = readable.TrimEnd().Split('\n');
        Assert.Equal("Suggested severity: SEV-1", lines[0]);
        Assert.Contains("  - A security breach is suspected: treat it as SEV-1 and keep it private.", lines);
        var checklistAt = Array.IndexOf(lines, "  The incident will be private, with a security checklist:");
        Assert.True(checklistAt > 0, $"No security checklist.\n{readable}");
        Assert.Equal(SecurityChecklist.Select(item => $"    [ ] {item}"), lines[(checklistAt + 1)..]);

        var json = (await Cli.RunAsync(["triage", .. answers, "--json"])).Succeeded().Json();
        Assert.Equal("SEV-1", json.GetProperty("severity").GetString());
        Assert.True(json.GetProperty("private").GetBoolean());
        Assert.Equal(SecurityChecklist, Strings(json.GetProperty("checklist")));
    }

    [Fact]
    public async Task Triage_NoAnswersAndNoTerminal_AsksNothingAndAssumesTheWorse()
    {
        var result = (await Cli.RunAsync("triage")).Succeeded();
        Assert.DoesNotContain("How many users are affected right now?", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("(yes/no/unknown)", result.StdOut, StringComparison.Ordinal);
        var lines = result.StdOut.TrimEnd().Split('\n');
        Assert.Equal("Suggested severity: SEV-1", lines[0]);
        Assert.Contains("  - Data loss is not ruled out: assuming the worse until someone checks.", lines);
        Assert.Contains("  - A security breach is not ruled out: treat it as SEV-1 and keep it private until someone checks.", lines);
        Assert.Contains("  - How many users are affected is unknown: assuming all of them.", lines);
        Assert.Contains("  > Check what changed around the start time: deploys, configuration, feature flags, dependencies.", lines);
        Assert.Contains("  > Stop the writes that lose data before anything else, and preserve the evidence.", lines);
    }

    [Fact]
    public async Task Triage_Ask_ReadsTheAnswersFromStdin()
    {
        // A blank answer counts as unknown.
        var all = (await Cli.RunWithInputAsync("all\nyes\n\nno\nno\nyes\nno\n", "triage", "--ask")).Succeeded().StdOut;
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
        var partly = (await Cli.RunWithInputAsync("no\nyes\nno\nno\nno\n", "triage", "--ask", "--users", "some", "--core-broken", "no")).Succeeded().StdOut;
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
        var declared = (await Cli.RunAsync(
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
        var checklist = Assert.Single(incident.GetProperty("checklists").EnumerateArray(), l => l.GetProperty("name").GetString() == "security");
        Assert.Equal("security", checklist.GetProperty("name").GetString());
        Assert.Equal(SecurityChecklist, Strings(checklist.GetProperty("items")));
        Assert.Empty(checklist.GetProperty("done").EnumerateArray());

        var triage = Assert.Single(shown.GetProperty("timeline").EnumerateArray(), i => i.GetProperty("kind").GetString() == "triage");
        Assert.StartsWith("Triage suggested SEV-1: A security breach is suspected: treat it as SEV-1 and keep it private.", triage.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("admin", triage.GetProperty("actor").GetString());
        Assert.Contains(TimelineTexts(shown), t => t.StartsWith("Checklist 'security' added: 1. Keep the incident private", StringComparison.Ordinal));

        // Tick items of the security checklist.
        var ticked = (await Cli.RunAsync("checklist", key, "security", "2")).Succeeded().StdOut;
        Assert.Contains($"    [ ] 1. {SecurityChecklist[0]}", ticked, StringComparison.Ordinal);
        Assert.Contains($"    [x] 2. {SecurityChecklist[1]}", ticked, StringComparison.Ordinal);
        var again = (await Cli.RunAsync("checklist", key, "Security", "5", "--json")).Succeeded().Json();
        Assert.Equal([2, 5], Assert.Single(again.GetProperty("checklists").EnumerateArray(), l => l.GetProperty("name").GetString() == "security").GetProperty("done").EnumerateArray().Select(d => d.GetInt32()));
        var twice = (await Cli.RunAsync("checklist", key, "security", "2", "--json")).Succeeded().Json();
        Assert.Equal([2, 5], Assert.Single(twice.GetProperty("checklists").EnumerateArray(), l => l.GetProperty("name").GetString() == "security").GetProperty("done").EnumerateArray().Select(d => d.GetInt32()));

        var outOfRange = (await Cli.RunAsync("checklist", key, "security", "7")).Failed();
        Assert.Contains("The security checklist has items 1 to 6.", outOfRange.StdErr, StringComparison.Ordinal);
        var unknown = (await Cli.RunAsync("checklist", key, "legal", "1")).Failed();
        Assert.Contains("404", unknown.StdErr, StringComparison.Ordinal);
        Assert.Contains($"{key} has no checklist 'legal'; it has security", unknown.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Equal(["Checklist 'security' item 2 done", "Checklist 'security' item 5 done"], texts.Where(t => t.EndsWith(" done", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TriageDeclare_Json_NoBreach_IsPublicWithoutAChecklist()
    {
        var title = Unique("Search results stale");
        var incident = (await Cli.RunAsync(
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
    public async Task TriageDeclare_BreachNotRuledOut_DeclaresAtTheBreachLevel_Private_WithoutTheChecklist()
    {
        var title = Unique("Unexpected password resets");
        var incident = (await Cli.RunAsync(
            "triage", "--declare", title, "--users", "none", "--core-broken", "no", "--data-loss", "no", "--workaround", "yes",
            "--breach", "unknown", "--recent-change", "no", "--rollback-possible", "no", "--json")).Succeeded().Json();

        Assert.Equal("SEV-1", incident.GetProperty("severity").GetString());
        Assert.True(incident.GetProperty("private").GetBoolean());
        Assert.DoesNotContain(incident.GetProperty("checklists").EnumerateArray(), l => l.GetProperty("name").GetString() == "security");

        var advised = (await Cli.RunAsync("triage", "--users", "none", "--core-broken", "no", "--data-loss", "no", "--workaround", "yes", "--breach", "unknown")).Succeeded().StdOut;
        Assert.Contains("  Keep the incident private until a breach is ruled out (triage --declare makes it private).", advised, StringComparison.Ordinal);
    }

    [GeneratedRegex("^Declared (INC-[0-9]+) at SEV-1 as triage suggested\\.$")]
    private static partial Regex TriageDeclaredLine();
}

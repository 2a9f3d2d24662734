using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Postmortems;

/// <summary>
/// postmortem and action through the real executable: a resolved incident's postmortem opened and
/// shown, its sections edited in an editor (a shell script standing in for one) or from a file, a
/// concurrent change refused with the text kept, an unknown heading refused, publishing refused with
/// each problem listed, action items with their findings, the lists and the export.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed partial class PostmortemCommandTests : SignedInCommandTests
{
    public PostmortemCommandTests(ServerProcess server)
        : base(server)
    {
        // Only the editor a test sets may run: nothing from the machine running the tests.
        Cli.Environment["VISUAL"] = null;
        Cli.Environment["EDITOR"] = null;
    }

    [Fact]
    public async Task Open_OnAResolvedIncident_ThenShow_HasTheFiguresSectionsAndWhatHoldsPublishingBack()
    {
        var active = Key(await DeclareAsync(Unique("Search slow"), "--sev", "SEV-3"));
        var notYet = (await Cli.RunAsync("postmortem", "open", active)).Failed();
        Assert.StartsWith($"error: 400 {active} is investigating: its postmortem is opened once it is resolved.", notYet.StdErr, StringComparison.Ordinal);

        var key = await ResolvedAsync("Checkout failing for card payments");
        var none = (await Cli.RunAsync("postmortem", "show", key)).Failed();
        Assert.StartsWith($"error: 404 {key} has no postmortem yet", none.StdErr, StringComparison.Ordinal);

        var opened = (await Cli.RunAsync("postmortem", "open", key)).Succeeded().StdOut;
        Assert.Contains($"{key}  SEV-3  draft  ", opened, StringComparison.Ordinal);
        Assert.Contains("not required; version ", opened, StringComparison.Ordinal);
        var again = (await Cli.RunAsync("postmortem", "open", key)).Failed();
        Assert.StartsWith($"error: 409 {key} has a postmortem already.", again.StdErr, StringComparison.Ordinal);

        var shown = (await Cli.RunAsync("postmortem", "show", key)).Succeeded().StdOut;
        Assert.Matches(@"\n  Time to detect     \d+ (s|min)\n", shown);
        Assert.Matches(@"\n  Duration           \d+ (s|min)\n", shown);
        Assert.Contains("\n  Time to mitigate   none\n", shown, StringComparison.Ordinal);
        Assert.Matches(@"\n  Updates            0 \(0 public\)", shown);
        Assert.True(Regex.IsMatch(shown, @"\n  Guardrails         (none fired|[a-z-]+ ×\d+(, [a-z-]+ ×\d+)*); 1 overridden\n"), shown);
        Assert.Contains("admin: Guardrail unverified-resolve overridden: checked by hand\n", shown, StringComparison.Ordinal);
        Assert.Contains("\n## Summary\n  Checkout failing for card payments", shown, StringComparison.Ordinal);
        Assert.Contains("\n## Root cause\n  not written yet\n", shown, StringComparison.Ordinal);
        Assert.Contains("\n## Lessons (optional)\n  not written yet\n", shown, StringComparison.Ordinal);
        Assert.Contains("\nFive whys\n  none yet", shown, StringComparison.Ordinal);
        Assert.Matches(@"\nTimeline \(included\)\n  #\d+\s+\S+ \S+  admin: ", shown);
        Assert.Contains("\nHolding publishing back\n  - It is a draft: send it to review (name the reviewers) first.\n", shown, StringComparison.Ordinal);
        Assert.Contains("  - The section 'Root cause' is empty", shown, StringComparison.Ordinal);
        Assert.Contains("\nAction items\n  none yet", shown, StringComparison.Ordinal);

        var json = (await Cli.RunAsync("postmortem", "show", key, "--json")).Succeeded().Json();
        Assert.Equal((key, "draft", false), (json.GetProperty("incident").GetString(), json.GetProperty("status").GetString(), json.GetProperty("required").GetBoolean()));
        Assert.Equal(9, json.GetProperty("sections").GetArrayLength());
        Assert.Equal(1, json.GetProperty("facts").GetProperty("overrides").GetInt32());

        var list = (await Cli.RunAsync("postmortems")).Succeeded().StdOut;
        Assert.Matches($@"(?m)^{key}\s+SEV-3\s+draft\s+not required\s+Checkout failing for card payments", list);
        var listed = (await Cli.RunAsync("postmortems", "--json")).Succeeded().Json();
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), p => p.GetProperty("incident").GetString() == key && !p.GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task Tag_SetsTheRootCauseTagsWhole_NoneClearsThem_AndABadTagIsRefused()
    {
        var key = await OpenedAsync("Search timing out");
        Assert.Contains("\nRoot-cause tags: none yet (firebreak postmortem tag", (await Cli.RunAsync("postmortem", "show", key)).Succeeded().StdOut, StringComparison.Ordinal);

        Assert.Contains("\nRoot-cause tags: retry-storm, dns\n", (await Cli.RunAsync("postmortem", "tag", key, "Retry-Storm", "dns")).Succeeded().StdOut, StringComparison.Ordinal);
        var refused = (await Cli.RunAsync("postmortem", "tag", key, "retry storm")).Failed();
        Assert.Contains("'retry storm' is not a root-cause tag", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(["retry-storm", "dns"], (await PostmortemJsonAsync(key)).GetProperty("causeTags").EnumerateArray().Select(t => t.GetString()));

        (await Cli.RunAsync("postmortem", "tag", key)).Succeeded();
        Assert.Empty((await PostmortemJsonAsync(key)).GetProperty("causeTags").EnumerateArray());
    }

    [Fact]
    public async Task Edit_InTheEditor_SendsTheChangedSectionOnly_WithTheEditorsArguments()
    {
        var key = await OpenedAsync("Payments timing out");
        var before = await PostmortemJsonAsync(key);
        var script = await EditorAsync("""
            sed -i '/^## Root cause$/a The connection pool had no upper bound, so retries exhausted it.' "$1"
            """);
        Cli.Environment["EDITOR"] = $"sh '{script}'";

        var edited = (await Cli.RunAsync("postmortem", "edit", key)).Succeeded().StdOut;
        Assert.StartsWith($"Saved Root cause in the postmortem of {key} (version ", edited, StringComparison.Ordinal);

        var after = await PostmortemJsonAsync(key);
        Assert.Equal("The connection pool had no upper bound, so retries exhausted it.", Section(after, "root-cause"));
        Assert.Equal(Section(before, "summary"), Section(after, "summary"));
        Assert.Equal(before.GetProperty("version").GetInt64() + 1, after.GetProperty("version").GetInt64());

        // Nothing changed in the editor: nothing is sent.
        Cli.Environment["EDITOR"] = "true";
        Assert.Contains("nothing was sent", (await Cli.RunAsync("postmortem", "edit", key)).Succeeded().StdOut, StringComparison.Ordinal);
        Assert.Equal(after.GetProperty("version").GetInt64(), (await PostmortemJsonAsync(key)).GetProperty("version").GetInt64());

        // VISUAL comes before EDITOR, and an editor that fails sends nothing.
        Cli.Environment["VISUAL"] = "false";
        var failed = (await Cli.RunAsync("postmortem", "edit", key)).Failed();
        Assert.StartsWith("error: The editor 'false' exited with 1; nothing was sent.", failed.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_WhenSomeoneChangedItInBetween_IsRefused_KeepsTheTextInAFile_AndChangesNothing()
    {
        var key = await OpenedAsync("Orders stuck in pending");
        var other = FirebreakExecutable.StartInfo(["postmortem", "whys", key, "Why were orders stuck?=The queue consumer was down"], Files.Path);
        var command = string.Join(' ', new[] { other.FileName }.Concat(other.ArgumentList).Select(a => $"'{a}'"));
        var script = await EditorAsync($"""
            sed -i '/^## Root cause$/a My careful analysis of the consumer.' "$1"
            {command} > /dev/null
            """);
        Cli.Environment["EDITOR"] = $"sh {script}";

        var refused = (await Cli.RunAsync("postmortem", "edit", key)).Failed();
        Assert.StartsWith($"error: 412 The postmortem of {key} changed since you read it", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains($"Someone else changed the postmortem of {key} since you read it", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("Nothing of yours was saved.", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains($"Run 'firebreak postmortem edit {key}' again", refused.StdErr, StringComparison.Ordinal);
        var saved = KeptIn().Match(refused.StdErr);
        Assert.True(saved.Success, refused.ToString());
        var path = saved.Groups[1].Value;
        try
        {
            Assert.Contains("My careful analysis of the consumer.", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        var now = await PostmortemJsonAsync(key);
        Assert.Equal(string.Empty, Section(now, "root-cause"));
        Assert.Equal("The queue consumer was down", Assert.Single(now.GetProperty("whys").EnumerateArray()).GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Edit_AnUnknownHeading_IsRefused_AndSendsNothing_ButAFileForOneSectionIsSent()
    {
        var key = await OpenedAsync("Image uploads failing");
        var before = await PostmortemJsonAsync(key);
        var script = await EditorAsync("""
            sed -i 's/^## Root cause$/## Root causes/; /^## Lessons$/a Written under a heading that is no longer there.' "$1"
            """);
        Cli.Environment["EDITOR"] = $"sh {script}";

        var refused = (await Cli.RunAsync("postmortem", "edit", key)).Failed();
        Assert.Matches(@"^error: Line \d+: ""## Root causes"" is not a section heading; the headings are ""## Summary"", ""## Impact""", refused.StdErr);
        Assert.Contains("Nothing was sent. Your text is kept in ", refused.StdErr, StringComparison.Ordinal);
        File.Delete(KeptIn().Match(refused.StdErr).Groups[1].Value);
        Assert.Equal(before.GetProperty("version").GetInt64(), (await PostmortemJsonAsync(key)).GetProperty("version").GetInt64());

        var file = Path.Combine(Files.Path, "lessons.md");
        await File.WriteAllTextAsync(file, "## Lessons\n\nThe upload bucket's quota is shared with the backups.\n");
        var other = Path.Combine(Files.Path, "other.md");
        await File.WriteAllTextAsync(other, "## Summary\n\nNot this one.\n");
        var onlyLessons = (await Cli.RunAsync("postmortem", "edit", key, "--section", "lessons", "--file", other)).Failed();
        Assert.Contains("\"## Summary\" is not a section heading of this edit; the headings are \"## Lessons\"", onlyLessons.StdErr, StringComparison.Ordinal);
        var unknownSection = (await Cli.RunAsync("postmortem", "edit", key, "--section", "nope", "--file", file)).Failed();
        Assert.StartsWith("error: 'nope' is not a section: the sections are summary, impact,", unknownSection.StdErr, StringComparison.Ordinal);

        var sent = (await Cli.RunAsync("postmortem", "edit", key, "--section", "lessons", "--file", file, "--json")).Succeeded().Json();
        Assert.Equal("The upload bucket's quota is shared with the backups.", Section(sent, "lessons"));
        Assert.Equal(Section(before, "summary"), Section(sent, "summary"));
        Assert.True(File.Exists(file), "a file the user gave is theirs to keep");
    }

    [Fact]
    public async Task Publish_IsRefusedWithEachProblemOnItsOwnLine_ThenReviewedDismissedAndPublished()
    {
        var key = await OpenedAsync("Emails delayed by an hour");
        var (reviewer, _) = await CreateUserWithPasswordAsync("reviewer");

        var refused = (await Cli.RunAsync("postmortem", "publish", key)).Failed();
        var lines = refused.StdErr.TrimEnd().Split('\n');
        Assert.Equal($"error: 400 The postmortem of {key} cannot be published yet:", lines[0]);
        Assert.Contains("  - It is a draft: send it to review (name the reviewers) first.", lines);
        Assert.Contains(lines, l => l.StartsWith("  - The section 'Root cause' is empty", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  - The section 'What went well' is empty", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  - The section 'What went poorly' is empty", StringComparison.Ordinal));
        Assert.Equal("draft", (await PostmortemJsonAsync(key)).GetProperty("status").GetString());

        var file = Path.Combine(Files.Path, "sections.md");
        await File.WriteAllTextAsync(file, """
            ## Impact

            Password reset emails arrived an hour late.

            ## Root cause

            It was human error to pause the mail queue during the migration.

            ## What went well

            The backlog drained in ten minutes once the queue resumed.

            ## What went poorly

            Nothing alerted on the queue's age.
            """);
        Assert.Contains("Language findings:", (await Cli.RunAsync("postmortem", "edit", key, "--file", file)).Succeeded().StdOut, StringComparison.Ordinal);
        (await Cli.RunAsync("postmortem", "whys", key, "Why were emails late?=The queue was paused", "Why was it paused?=The migration runbook said so")).Succeeded();
        Assert.StartsWith("error: 'no pair' is not QUESTION=ANSWER", (await Cli.RunAsync("postmortem", "whys", key, "no pair")).Failed().StdErr, StringComparison.Ordinal);
        var reviewed = (await Cli.RunAsync("postmortem", "review", key, "--reviewer", reviewer)).Succeeded().StdOut;
        Assert.Contains($"  Reviewers: {reviewer}", reviewed, StringComparison.Ordinal);
        Assert.Contains("  1. Why were emails late? The queue was paused", reviewed, StringComparison.Ordinal);

        var blamed = (await Cli.RunAsync("postmortem", "publish", key)).Failed();
        Assert.Contains("  - Blaming language in 'Root cause'", blamed.StdErr, StringComparison.Ordinal);
        var findingKey = Assert.Single((await PostmortemJsonAsync(key)).GetProperty("findings").EnumerateArray()).GetProperty("key").GetString()!;
        Assert.Contains($"    Key: {findingKey}", reviewed, StringComparison.Ordinal);
        Assert.StartsWith("error: 400", (await Cli.RunAsync("postmortem", "dismiss", key, findingKey)).Failed().StdErr, StringComparison.Ordinal);
        Assert.Contains("(dismissed)", (await Cli.RunAsync("postmortem", "dismiss", key, findingKey, "--reason", "Quoted from the old runbook")).Succeeded().StdOut, StringComparison.Ordinal);

        var published = (await Cli.RunAsync("postmortem", "publish", key)).Succeeded().StdOut;
        Assert.StartsWith($"The postmortem of {key} is published.", published, StringComparison.Ordinal);
        Assert.Contains("is published; reopen it", (await Cli.RunAsync("postmortem", "whys", key, "Why?=Late")).Failed().StdErr, StringComparison.Ordinal);
        var reopened = (await Cli.RunAsync("postmortem", "reopen", key, "--reason", "a second cause came up", "--json")).Succeeded().Json();
        Assert.Equal("draft", reopened.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Include_AndExclude_CurateThePostmortemsTimeline()
    {
        var key = await ResolvedAsync("Cache stampede", log: "Cache hit rate fell to 3 %");
        (await Cli.RunAsync("postmortem", "open", key)).Succeeded();
        var note = (await PostmortemJsonAsync(key)).GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("text").GetString() == "Cache hit rate fell to 3 %");
        Assert.False(note.GetProperty("included").GetBoolean());
        var entry = note.GetProperty("entry").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var included = (await Cli.RunAsync("postmortem", "include", key, entry)).Succeeded().StdOut;
        Assert.Matches($@"\n  #{entry}\s+\S+ \S+  admin: Cache hit rate fell to 3 %\n", included);
        var excluded = (await Cli.RunAsync("postmortem", "exclude", key, entry)).Succeeded().StdOut;
        Assert.DoesNotContain("Cache hit rate fell to 3 %", excluded, StringComparison.Ordinal);
        Assert.StartsWith($"error: 400 {key} has no timeline entry 99999.", (await Cli.RunAsync("postmortem", "include", key, "99999")).Failed().StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActionAdd_WithAVagueTitle_ShowsTheFindings_AndUpdateStartDoneWontDoMoveIt()
    {
        var key = await OpenedAsync("Deploys failing");
        var vague = (await Cli.RunAsync("action", "add", key, "Be more careful with deploys")).Succeeded().StdOut;
        var actionKey = ActionKey().Match(vague).Groups[1].Value;
        Assert.StartsWith($"Added {actionKey} to {key}.\n{actionKey}  open  Be more careful with deploys", vague, StringComparison.Ordinal);
        Assert.Contains("  vague: Asks people for more care, which no one can schedule or verify (\"Be more careful\").", vague, StringComparison.Ordinal);
        Assert.Contains("  missing-owner: ", vague, StringComparison.Ordinal);
        Assert.Contains("  missing-due: ", vague, StringComparison.Ordinal);
        Assert.Contains("  missing-type: ", vague, StringComparison.Ordinal);

        var updated = (await Cli.RunAsync("action", "update", actionKey, "--title", "Add a confirmation step to the production deploy job", "--owner", "admin", "--due", "2099-12-20", "--type", "prevent", "--priority", "high", "--json")).Succeeded().Json();
        Assert.Empty(updated.GetProperty("findings").EnumerateArray());
        Assert.Equal(("admin", "2099-12-20", "prevent", "high"), (updated.GetProperty("owner").GetString(), updated.GetProperty("due").GetString(), updated.GetProperty("type").GetString(), updated.GetProperty("priority").GetString()));
        var shown = (await Cli.RunAsync("action", "show", actionKey)).Succeeded().StdOut;
        Assert.Contains($"  Incident {key}; owner admin; due 2099-12-20; type prevent; priority high", shown, StringComparison.Ordinal);

        Assert.StartsWith($"{actionKey}  in progress  ", (await Cli.RunAsync("action", "start", actionKey)).Succeeded().StdOut, StringComparison.Ordinal);
        Assert.StartsWith($"{actionKey}  done  ", (await Cli.RunAsync("action", "done", actionKey)).Succeeded().StdOut, StringComparison.Ordinal);
        Assert.StartsWith("error: 400 Say why it will not be done", (await Cli.RunAsync("action", "wontdo", actionKey)).Failed().StdErr, StringComparison.Ordinal);
        var wontDo = (await Cli.RunAsync("action", "wontdo", actionKey, "--reason", "the deploy job is being replaced")).Succeeded().StdOut;
        Assert.Contains("  Reason: the deploy job is being replaced", wontDo, StringComparison.Ordinal);
        Assert.StartsWith("error: 400 'tomorrow' is not a day", (await Cli.RunAsync("action", "add", key, "Add an alert on queue age", "--due", "tomorrow")).Failed().StdErr, StringComparison.Ordinal);
        Assert.StartsWith("error: 404", (await Cli.RunAsync("action", "show", "ACT-999999")).Failed().StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_Mine_Owner_Overdue_AndAll_FilterTheList()
    {
        var key = await OpenedAsync("Queue backlog");
        var (bob, _) = await CreateUserWithPasswordAsync("bob");
        var late = ActionKeyOf(await Cli.RunAsync("action", "add", key, "Add an alert on queue age above 10 minutes", "--owner", "admin", "--due", "2020-01-01", "--type", "detect"));
        var later = ActionKeyOf(await Cli.RunAsync("action", "add", key, "Cap the consumer's batch size at 500 messages", "--owner", bob, "--due", "2099-12-31", "--type", "prevent"));

        var mine = (await Cli.RunAsync("actions", "--mine", "--incident", key)).Succeeded().StdOut;
        Assert.Matches($@"(?m)^{key}\s+{late}\s+open\s+admin\s+due 2020-01-01\s+OVERDUE detect\s+Add an alert on queue age", mine);
        Assert.DoesNotContain(later, mine, StringComparison.Ordinal);
        var bobs = (await Cli.RunAsync("actions", "--owner", bob, "--json")).Succeeded().Json();
        Assert.Equal(later, Assert.Single(bobs.GetProperty("items").EnumerateArray()).GetProperty("key").GetString());
        var overdue = (await Cli.RunAsync("actions", "--overdue", "--incident", key, "--json")).Succeeded().Json();
        var item = Assert.Single(overdue.GetProperty("items").EnumerateArray());
        Assert.Equal((late, true), (item.GetProperty("key").GetString(), item.GetProperty("overdue").GetBoolean()));
        Assert.StartsWith("error: Give --mine or --owner, not both.", (await Cli.RunAsync("actions", "--mine", "--owner", bob)).Failed().StdErr, StringComparison.Ordinal);

        (await Cli.RunAsync("action", "done", late)).Succeeded();
        var open = (await Cli.RunAsync("actions", "--incident", key)).Succeeded().StdOut;
        Assert.DoesNotContain(late, open, StringComparison.Ordinal);
        Assert.Contains(later, open, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{key}\s+{late}\s+done\s+admin\s+due 2020-01-01\s+detect", (await Cli.RunAsync("actions", "--incident", key, "--all")).Succeeded().StdOut);
        Assert.Equal("No action items match.", (await Cli.RunAsync("actions", "--overdue", "--incident", key)).Succeeded().StdOut.Trim());

        var shown = (await Cli.RunAsync("postmortem", "show", key)).Succeeded().StdOut;
        Assert.Matches($@"\nAction items\n(  {ActionLinePattern()}\n)+", shown);
        Assert.Contains($"  {later,-7} open", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WritesTheMarkdownToAFile_AndTheHtmlToStdout()
    {
        var key = await OpenedAsync("Login page blank");
        var file = Path.Combine(Files.Path, "postmortem.md");
        var exported = (await Cli.RunAsync("postmortem", "export", key, "-o", file)).Succeeded();
        Assert.Equal(string.Empty, exported.StdOut);
        Assert.Contains($"Wrote {file}.", exported.StdErr, StringComparison.Ordinal);
        var markdown = await File.ReadAllTextAsync(file);
        Assert.StartsWith($"# Postmortem: Login page blank", markdown, StringComparison.Ordinal);
        Assert.Contains($"({key})", markdown, StringComparison.Ordinal);
        Assert.Contains("\n## Root cause\n\n_Not written yet._\n", markdown, StringComparison.Ordinal);

        var html = (await Cli.RunAsync("postmortem", "export", key, "--format", "html")).Succeeded().StdOut;
        Assert.Contains("<h2>Root cause</h2>", html, StringComparison.Ordinal);
        Assert.StartsWith("error: 400 'pdf' is not a format: use markdown or html.", (await Cli.RunAsync("postmortem", "export", key, "--format", "pdf")).Failed().StdErr, StringComparison.Ordinal);
    }

    /// <summary>A SEV-3 declared, run and resolved past the verification guardrail; the title is made unique.</summary>
    private async Task<string> ResolvedAsync(string title, string? log = null)
    {
        var key = Key(await DeclareAsync(title + " " + Unique("t")[2..], "--sev", "SEV-3"));
        if (log is not null)
        {
            (await Cli.RunAsync("log", key, log)).Succeeded();
        }

        (await Cli.RunAsync("resolve", key, "--override", "checked by hand")).Succeeded();
        return key;
    }

    private async Task<string> OpenedAsync(string title)
    {
        var key = await ResolvedAsync(title);
        (await Cli.RunAsync("postmortem", "open", key)).Succeeded();
        return key;
    }

    private async Task<JsonElement> PostmortemJsonAsync(string key) =>
        (await Cli.RunAsync("postmortem", "show", key, "--json")).Succeeded().Json();

    /// <summary>A shell script that stands in for the user's editor: it is given the file to edit as its last argument.</summary>
    private async Task<string> EditorAsync(string body)
    {
        var path = Path.Combine(Files.Path, $"editor-{Guid.NewGuid().ToString("N")[..8]}.sh");
        await File.WriteAllTextAsync(path, "#!/bin/sh\nset -e\n" + body + "\n");
        return path;
    }

    private static string Section(JsonElement pm, string id) =>
        pm.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id).GetProperty("text").GetString()!;

    private static string ActionKeyOf(CliResult added) => ActionKey().Match(added.Succeeded().StdOut).Groups[1].Value;

    private static string ActionLinePattern() => @"ACT-\d+\s+[a-z ]+\s+\S+\s+(due \S+|no due date)\s+(OVERDUE )?\S+\s+.+";

    [GeneratedRegex(@"^Added (ACT-\d+) to ")]
    private static partial Regex ActionKey();

    [GeneratedRegex(@"Your text is (?:kept|still) in (\S+)")]
    private static partial Regex KeptIn();
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Incidents;

/// <summary>
/// Every incident verb through the real executable against one shared real server. Each test works
/// on incidents (and services, search words, users) of its own, so the tests do not see each other.
/// </summary>
public sealed partial class IncidentCommandTests(ServerProcess server) : IClassFixture<ServerProcess>, IAsyncLifetime, IDisposable
{
    private readonly CliRunner _cli = new();

    public async Task InitializeAsync() => (await _cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Declare_WithEveryOption_PrintsTheIncident()
    {
        var checkout = Unique("checkout");
        var payments = Unique("payments");
        var declared = (await _cli.RunAsync(
            "declare", "Card payments failing",
            "--sev", "P1",
            "--service", checkout,
            "--service", payments,
            "--impact", "EU customers cannot pay",
            "--summary", "Gateway answers 502",
            "--private",
            "--triage",
            "--commander", "admin")).Succeeded();

        var key = DeclaredKey(declared);
        var text = declared.StdOut;
        Assert.Contains($"{key}  SEV-2  triage  [private]  Card payments failing", text, StringComparison.Ordinal);
        Assert.Contains("  Commander: admin", text, StringComparison.Ordinal);
        Assert.Contains("  Responders: admin", text, StringComparison.Ordinal);
        Assert.Contains($"  Services: {checkout}, {payments}", text, StringComparison.Ordinal);
        Assert.Contains("  Impact: EU customers cannot pay", text, StringComparison.Ordinal);
        Assert.Contains("  Summary: Gateway answers 502", text, StringComparison.Ordinal);
        Assert.Contains("by admin; version 3", text, StringComparison.Ordinal);
        Assert.Contains("  Next: investigating, identified", text, StringComparison.Ordinal);

        var shown = await ShowJsonAsync(key);
        var incident = shown.GetProperty("incident");
        Assert.Equal("Card payments failing", incident.GetProperty("title").GetString());
        Assert.Equal("SEV-2", incident.GetProperty("severity").GetString());
        Assert.Equal("triage", incident.GetProperty("status").GetString());
        Assert.True(incident.GetProperty("private").GetBoolean());
        Assert.Equal([checkout, payments], Strings(incident.GetProperty("services")));
        Assert.Equal("EU customers cannot pay", incident.GetProperty("impact").GetString());
        Assert.Equal("admin", incident.GetProperty("commander").GetString());
        Assert.Equal("admin", incident.GetProperty("roles").GetProperty("commander").GetString());
        Assert.Equal("admin", incident.GetProperty("declaredBy").GetString());
    }

    [Fact]
    public async Task Declare_Json_IsTheServersIncident()
    {
        var incident = (await _cli.RunAsync("declare", "Search is slow", "--sev", "SEV-4", "--json")).Succeeded().Json();
        Assert.Matches("^INC-[0-9]+$", incident.GetProperty("key").GetString());
        Assert.Equal("Search is slow", incident.GetProperty("title").GetString());
        Assert.Equal("SEV-4", incident.GetProperty("severity").GetString());
        Assert.Equal("investigating", incident.GetProperty("status").GetString());
        Assert.False(incident.GetProperty("private").GetBoolean());
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("commander").ValueKind);
        Assert.Equal(2, incident.GetProperty("version").GetInt64());
        Assert.Equal(["admin"], Strings(incident.GetProperty("responders")));
        Assert.Equal(["identified", "monitoring", "resolved"], Strings(incident.GetProperty("allowedStatuses")));
    }

    [Fact]
    public async Task Declare_Refusals_ExitNonZeroWithTheReason()
    {
        var unknownSeverity = (await _cli.RunAsync("declare", "Bad severity", "--sev", "P9")).Failed();
        Assert.Contains("Unknown severity 'P9'", unknownSeverity.StdErr, StringComparison.Ordinal);

        var noSeverity = (await _cli.RunAsync("declare", "No severity")).Failed();
        Assert.Contains("--sev", noSeverity.StdErr, StringComparison.Ordinal);

        var unknownCommander = (await _cli.RunAsync("declare", "Nobody leads", "--sev", "P2", "--commander", Unique("ghost"))).Failed();
        Assert.Contains("There is no active user", unknownCommander.StdErr, StringComparison.Ordinal);

        var blankTitle = (await _cli.RunAsync("declare", "   ", "--sev", "P2")).Failed();
        Assert.Contains("'title' is required", blankTitle.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declare_CommanderGivenInCapitals_IsTheAccountAndKeepsTheCommanderRules()
    {
        var declared = await DeclareAsync(Unique("Shouting commander"), "--sev", "P2", "--commander", "ADMIN");
        var key = Key(declared);
        Assert.Equal("admin", declared.GetProperty("commander").GetString());

        // The commander may not walk away, and giving them the role again is no handoff.
        var leave = (await _cli.RunAsync("leave", key)).Failed();
        Assert.Contains("hand the commander role", leave.StdErr, StringComparison.Ordinal);
        var again = (await _cli.RunAsync("role", key, "commander", "admin")).Failed();
        Assert.Contains("already holds the commander role", again.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ReadableTableAndJson_WithEachFilter()
    {
        var tag = Unique("zebra");
        var api = Unique("api");
        var queue = Unique("queue");
        var a = Key(await DeclareAsync($"{tag} alpha api slow", "--sev", "P1", "--service", api));
        var b = Key(await DeclareAsync($"{tag} beta queue backlog", "--sev", "P3", "--service", queue, "--triage"));
        var c = Key(await DeclareAsync($"{tag} gamma logins failing", "--sev", "P1", "--service", api, "--commander", "admin"));
        (await _cli.RunAsync("status", c, "identified")).Succeeded();

        var table = (await _cli.RunAsync("list", "-q", tag)).Succeeded().StdOut.TrimEnd().Split('\n');
        Assert.Matches("^KEY +SEV +STATUS +COMMANDER +AGE +TITLE$", table[0].TrimEnd());
        Assert.Equal("3 of 3", table[^1].Trim());
        var rowA = Row(table, a);
        Assert.Contains("SEV-2", rowA, StringComparison.Ordinal);
        Assert.Contains("investigating", rowA, StringComparison.Ordinal);
        Assert.EndsWith($"{tag} alpha api slow", rowA, StringComparison.Ordinal);
        var rowB = Row(table, b);
        Assert.Contains("SEV-4", rowB, StringComparison.Ordinal);
        Assert.Contains("triage", rowB, StringComparison.Ordinal);
        var rowC = Row(table, c);
        Assert.Contains("identified", rowC, StringComparison.Ordinal);
        Assert.Contains(" admin ", rowC, StringComparison.Ordinal);

        var all = (await _cli.RunAsync("list", "-q", tag, "--json")).Succeeded().Json();
        Assert.Equal(3, all.GetProperty("total").GetInt64());
        Assert.Equal(50, all.GetProperty("limit").GetInt32());
        Assert.Equal(0, all.GetProperty("offset").GetInt32());
        Assert.Equal(Sorted(a, b, c), Keys(all));

        Assert.Equal(Sorted(b), Keys(await ListJsonAsync("--status", "triage", "-q", tag)));
        Assert.Equal(Sorted(a, c), Keys(await ListJsonAsync("--status", "investigating,identified", "-q", tag)));
        Assert.Equal(Sorted(a, c), Keys(await ListJsonAsync("--sev", "SEV-2", "-q", tag)));
        Assert.Equal(Sorted(a, c), Keys(await ListJsonAsync("--sev", "P1", "-q", tag)));
        Assert.Equal(Sorted(a, c), Keys(await ListJsonAsync("--service", api)));
        Assert.Equal(Sorted(b), Keys(await ListJsonAsync("--service", queue)));
        Assert.Equal(Sorted(c), Keys(await ListJsonAsync("-q", $"{tag} gamma")));
        Assert.Equal(Sorted(c), Keys(await ListJsonAsync("--search", "LOGINS FAILING", "--service", api)));
        Assert.Equal(Sorted(a), Keys(await ListJsonAsync("--status", "investigating", "--service", api)));

        var page = await ListJsonAsync("-q", tag, "--limit", "1");
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(3, page.GetProperty("total").GetInt64());
        Assert.Equal("1 of 3", (await _cli.RunAsync("list", "-q", tag, "--limit", "1")).Succeeded().StdOut.TrimEnd().Split('\n')[^1].Trim());

        var none = (await _cli.RunAsync("list", "-q", tag, "--sev", "SEV-1")).Succeeded();
        Assert.Equal("No incidents match.", none.StdOut.Trim());

        var badStatus = (await _cli.RunAsync("list", "--status", "sleeping")).Failed();
        Assert.Contains("Unknown status 'sleeping'", badStatus.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_ReadableAndJson_HaveTheIncidentAndItsTimeline()
    {
        var title = Unique("Orders stuck");
        var key = Key(await DeclareAsync(title, "--sev", "P2", "--commander", "admin", "--service", Unique("orders")));
        (await _cli.RunAsync("log", key, "symptom", "queue depth 40k")).Succeeded();
        (await _cli.RunAsync("log", key, "hypothesis", "db pool")).Succeeded();

        var readable = (await _cli.RunAsync("show", key)).Succeeded().StdOut;
        var lines = readable.TrimEnd().Split('\n');
        Assert.StartsWith($"{key}  SEV-3  investigating  {title}", lines[0], StringComparison.Ordinal);
        Assert.Contains("  Commander: admin", readable, StringComparison.Ordinal);
        var timeline = Array.IndexOf(lines, "Timeline:");
        Assert.True(timeline > 0, $"No 'Timeline:' line.\n{readable}");
        var entries = lines[(timeline + 1)..];
        Assert.Equal(5, entries.Length);
        Assert.Matches($"#1 +declared +admin +Declared SEV-3: {Regex.Escape(title)}$", entries[0]);
        Assert.Matches("#2 +participation +admin +admin joined$", entries[1]);
        Assert.Matches("#3 +role +admin +admin is commander$", entries[2]);
        Assert.Matches("#4 +symptom +admin +queue depth 40k$", entries[3]);
        Assert.Matches("#5 +hypothesis +admin +db pool$", entries[4]);
        Assert.DoesNotContain("Pinned:", readable, StringComparison.Ordinal);

        var json = await ShowJsonAsync(key);
        Assert.Equal(key, json.GetProperty("incident").GetProperty("key").GetString());
        Assert.Equal(title, json.GetProperty("incident").GetProperty("title").GetString());
        Assert.Equal(5, json.GetProperty("incident").GetProperty("version").GetInt64());
        var items = json.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal([1L, 2, 3, 4, 5], items.Select(i => i.GetProperty("version").GetInt64()));
        Assert.Equal(["declared", "participation", "role", "symptom", "hypothesis"], items.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal("db pool", items[4].GetProperty("text").GetString());
        Assert.All(items, i => Assert.Equal("admin", i.GetProperty("actor").GetString()));

        // A bare number and a lower-case key name the same incident.
        var number = key["INC-".Length..];
        Assert.Equal(key, (await ShowJsonAsync(number)).GetProperty("incident").GetProperty("key").GetString());
        Assert.Equal(key, (await ShowJsonAsync(key.ToLowerInvariant())).GetProperty("incident").GetProperty("key").GetString());

        var missing = (await _cli.RunAsync("show", "INC-987654")).Failed();
        Assert.Contains("404", missing.StdErr, StringComparison.Ordinal);
        Assert.Contains("There is no incident INC-987654", missing.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_KindAsFirstWord_KindOption_AndDefaultNote()
    {
        var key = Key(await DeclareAsync(Unique("Latency"), "--sev", "P3"));

        var first = (await _cli.RunAsync("log", key, "hypothesis", "db pool")).Succeeded();
        Assert.Equal($"Logged hypothesis #3 on {key}.", first.StdOut.Trim());
        var second = (await _cli.RunAsync("log", key, "--kind", "action", "restart pods")).Succeeded();
        Assert.Equal($"Logged action #4 on {key}.", second.StdOut.Trim());
        var third = (await _cli.RunAsync("log", key, "just a note")).Succeeded();
        Assert.Equal($"Logged note #5 on {key}.", third.StdOut.Trim());
        var lowerCase = (await _cli.RunAsync("log", key.ToLowerInvariant(), "-k", "result", "p99 back to 80 ms")).Succeeded();
        Assert.Equal($"Logged result #6 on {key}.", lowerCase.StdOut.Trim());

        var json = (await _cli.RunAsync("log", key, "decision", "roll back 4.2", "--json")).Succeeded().Json();
        Assert.Equal(7, json.GetProperty("version").GetInt64());
        Assert.Equal("decision", json.GetProperty("kind").GetString());
        Assert.Equal("roll back 4.2", json.GetProperty("text").GetString());
        Assert.Equal("admin", json.GetProperty("actor").GetString());
        Assert.False(json.GetProperty("pinned").GetBoolean());

        var badKind = (await _cli.RunAsync("log", key, "banana", "peel")).Failed();
        Assert.Contains("Unknown entry kind 'banana'", badKind.StdErr, StringComparison.Ordinal);
        var blank = (await _cli.RunAsync("log", key, "  ")).Failed();
        Assert.Contains("'text' is required", blank.StdErr, StringComparison.Ordinal);

        var written = (await ShowJsonAsync(key)).GetProperty("timeline").EnumerateArray().Skip(2)
            .Select(i => (i.GetProperty("kind").GetString(), i.GetProperty("text").GetString())).ToList();
        Assert.Equal(
            [("hypothesis", "db pool"), ("action", "restart pods"), ("note", "just a note"), ("result", "p99 back to 80 ms"), ("decision", "roll back 4.2")],
            written);
    }

    [Fact]
    public async Task Status_MovesAlongTheLifecycle_AndAnInvalidMoveNamesTheAllowedOnes()
    {
        var key = Key(await DeclareAsync(Unique("Disk full"), "--sev", "P2"));

        var identified = (await _cli.RunAsync("status", key, "identified", "--reason", "log rotation broken")).Succeeded().StdOut;
        Assert.Contains($"{key}  SEV-3  identified", identified, StringComparison.Ordinal);
        Assert.Contains("  Next: investigating, monitoring, resolved", identified, StringComparison.Ordinal);

        var monitoring = (await _cli.RunAsync("status", key, "monitoring", "--json")).Succeeded().Json();
        Assert.Equal("monitoring", monitoring.GetProperty("status").GetString());
        Assert.Equal(["investigating", "identified", "resolved"], Strings(monitoring.GetProperty("allowedStatuses")));

        var invalid = (await _cli.RunAsync("status", key, "closed")).Failed();
        Assert.Contains("cannot move from monitoring to closed", invalid.StdErr, StringComparison.Ordinal);
        Assert.Contains("Allowed moves: investigating, identified, resolved", invalid.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, invalid.StdOut.Trim());

        var unknown = (await _cli.RunAsync("status", key, "sleeping")).Failed();
        Assert.Contains("Unknown status 'sleeping'", unknown.StdErr, StringComparison.Ordinal);
        Assert.Contains("investigating, identified, resolved", unknown.StdErr, StringComparison.Ordinal);

        // Nothing verifies the fix here (no health check, no verification evidence): resolving needs an override reason.
        var unverified = (await _cli.RunAsync("status", key, "resolved")).Failed();
        Assert.Contains("unverified-resolve", unverified.StdErr, StringComparison.Ordinal);
        Assert.Equal("monitoring", (await ShowJsonAsync(key)).GetProperty("incident").GetProperty("status").GetString());
        var resolved = (await _cli.RunAsync("status", key, "resolved", "--override", "checked by hand: disk at 40%", "--json")).Succeeded().Json();
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        var closed = (await _cli.RunAsync("status", key, "closed", "--json")).Succeeded().Json();
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Empty(closed.GetProperty("allowedStatuses").EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, closed.GetProperty("closedAt").ValueKind);

        var afterClose = (await _cli.RunAsync("log", key, "one more thing")).Failed();
        Assert.Contains("takes no more changes", afterClose.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains(texts, t => t.StartsWith("Status investigating", StringComparison.Ordinal) && t.EndsWith("identified: log rotation broken", StringComparison.Ordinal));
        Assert.Equal(4, texts.Count(t => t.StartsWith("Status ", StringComparison.Ordinal)));
        Assert.Contains("Guardrail unverified-resolve overridden: checked by hand: disk at 40%", texts);
    }

    [Fact]
    public async Task Sev_ChangesWithAReason_AndRefusesWithoutOne()
    {
        var key = Key(await DeclareAsync(Unique("Error rate"), "--sev", "P2"));

        var upgraded = (await _cli.RunAsync("sev", key, "P0", "--reason", "spreading to the US")).Succeeded().StdOut;
        Assert.Contains($"{key}  SEV-1  investigating", upgraded, StringComparison.Ordinal);

        var downgraded = (await _cli.RunAsync("sev", key, "SEV-3", "-r", "contained", "--json")).Succeeded().Json();
        Assert.Equal("SEV-3", downgraded.GetProperty("severity").GetString());

        var noReason = (await _cli.RunAsync("sev", key, "P1")).Failed();
        Assert.Contains("Say why the severity changes", noReason.StdErr, StringComparison.Ordinal);
        var same = (await _cli.RunAsync("sev", key, "P2", "--reason", "again")).Failed();
        Assert.Contains("already SEV-3", same.StdErr, StringComparison.Ordinal);

        var shown = await ShowJsonAsync(key);
        Assert.Equal("SEV-3", shown.GetProperty("incident").GetProperty("severity").GetString());
        var changes = shown.GetProperty("timeline").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "severity").Select(i => i.GetProperty("text").GetString()!).ToList();
        Assert.Equal(2, changes.Count);
        Assert.EndsWith("SEV-1: spreading to the US", changes[0], StringComparison.Ordinal);
        Assert.EndsWith("SEV-3: contained", changes[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_AssignAndHandoff()
    {
        var bob = await CreateUserAsync("bob");
        var key = Key(await DeclareAsync(Unique("Cache stampede"), "--sev", "P2"));

        var nobody = (await _cli.RunAsync("show", key)).Succeeded().StdOut;
        Assert.Contains($"  Commander: none", nobody, StringComparison.Ordinal);
        Assert.Contains($"firebreak role {key} commander USER", nobody, StringComparison.Ordinal);

        var assigned = (await _cli.RunAsync("role", key, "commander", "admin")).Succeeded().StdOut;
        Assert.Contains("  Commander: admin", assigned, StringComparison.Ordinal);

        var handedOff = (await _cli.RunAsync("role", key, "commander", bob)).Succeeded().StdOut;
        Assert.Contains($"  Commander: {bob}", handedOff, StringComparison.Ordinal);

        var scribe = (await _cli.RunAsync("role", key, "scribe", bob, "--json")).Succeeded().Json();
        Assert.Equal(bob, scribe.GetProperty("roles").GetProperty("scribe").GetString());
        Assert.Equal(bob, scribe.GetProperty("commander").GetString());
        var scribeHandoff = (await _cli.RunAsync("role", key, "scribe", "admin")).Succeeded().StdOut;
        Assert.Contains("  Roles: scribe=admin", scribeHandoff, StringComparison.Ordinal);

        var unknownUser = (await _cli.RunAsync("role", key, "tech-lead", Unique("ghost"))).Failed();
        Assert.Contains("There is no active user", unknownUser.StdErr, StringComparison.Ordinal);
        var again = (await _cli.RunAsync("role", key, "commander", bob)).Failed();
        Assert.Contains("already holds the commander role", again.StdErr, StringComparison.Ordinal);
        var badRole = (await _cli.RunAsync("role", key, "Chief Of Everything", bob)).Failed();
        Assert.Contains("Unknown role", badRole.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains("admin is commander", texts);
        Assert.Contains($"commander handed off from admin to {bob}", texts);
        Assert.Contains($"{bob} is scribe", texts);
        Assert.Contains($"scribe handed off from {bob} to admin", texts);
    }

    [Fact]
    public async Task JoinAndLeave_AsAnotherUser()
    {
        var (carol, password) = await CreateUserWithPasswordAsync("carol");
        using var carolCli = new CliRunner();
        (await carolCli.RunWithInputAsync(password + "\n", "login", server.Url, "--user", carol, "--password-stdin")).Succeeded();
        var key = Key(await DeclareAsync(Unique("Webhooks delayed"), "--sev", "P3", "--commander", "admin"));

        var joined = (await carolCli.RunAsync("join", key)).Succeeded().StdOut;
        Assert.Contains($"  Responders: admin, {carol}", joined, StringComparison.Ordinal);
        var joinedAgain = (await carolCli.RunAsync("join", key, "--json")).Succeeded().Json();
        Assert.Equal(["admin", carol], Strings(joinedAgain.GetProperty("responders")));

        var left = (await carolCli.RunAsync("leave", key)).Succeeded().StdOut;
        Assert.Contains("  Responders: admin", left, StringComparison.Ordinal);
        Assert.DoesNotContain(carol, left.Split('\n').Single(l => l.Contains("Responders:", StringComparison.Ordinal)), StringComparison.Ordinal);

        var notIn = (await carolCli.RunAsync("leave", key)).Failed();
        Assert.Contains("is not responding", notIn.StdErr, StringComparison.Ordinal);
        var commander = (await _cli.RunAsync("leave", key)).Failed();
        Assert.Contains("hand the commander role", commander.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains($"{carol} joined", texts);
        Assert.Contains($"{carol} left", texts);
    }

    [Fact]
    public async Task Decline_FromTriage_WithAReason()
    {
        var key = Key(await DeclareAsync(Unique("Alert flapping"), "--sev", "P3", "--triage"));
        var declined = (await _cli.RunAsync("decline", key, "monitoring blip, no user impact")).Succeeded().StdOut;
        Assert.Contains($"{key}  SEV-4  declined", declined, StringComparison.Ordinal);
        Assert.Contains("  Declined: monitoring blip, no user impact", declined, StringComparison.Ordinal);
        Assert.DoesNotContain("Next:", declined, StringComparison.Ordinal);

        var other = Key(await DeclareAsync(Unique("Duplicate page"), "--sev", "P3", "--triage"));
        var json = (await _cli.RunAsync("decline", other, "--reason", "duplicate of another page", "--json")).Succeeded().Json();
        Assert.Equal("declined", json.GetProperty("status").GetString());
        Assert.Equal("duplicate of another page", json.GetProperty("declineReason").GetString());

        var noReason = (await _cli.RunAsync("decline", Key(await DeclareAsync(Unique("No reason"), "--sev", "P3", "--triage")))).Failed();
        Assert.Contains("Say why this is not an incident", noReason.StdErr, StringComparison.Ordinal);

        var investigating = Key(await DeclareAsync(Unique("Real outage"), "--sev", "P1"));
        var notTriage = (await _cli.RunAsync("decline", investigating, "not sure")).Failed();
        Assert.Contains("Only an incident in triage can be declined", notTriage.StdErr, StringComparison.Ordinal);

        var final = (await _cli.RunAsync("status", key, "investigating")).Failed();
        Assert.Contains("takes no more changes", final.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pin_AndUnpin_AWrittenEntry()
    {
        var key = Key(await DeclareAsync(Unique("Login loop"), "--sev", "P2"));
        (await _cli.RunAsync("log", key, "symptom", "users bounce back to /login")).Succeeded();
        var entry = (await _cli.RunAsync("log", key, "decision", "disable the new session store", "--json")).Succeeded().Json().GetProperty("version").GetInt64();
        var entryText = entry.ToString(CultureInfo.InvariantCulture);

        var pinned = (await _cli.RunAsync("pin", key, entryText)).Succeeded().StdOut;
        Assert.Contains($"{key}  SEV-3  investigating", pinned, StringComparison.Ordinal);

        var readable = (await _cli.RunAsync("show", key)).Succeeded().StdOut.TrimEnd().Split('\n');
        var pinnedAt = Array.IndexOf(readable, "Pinned:");
        var timelineAt = Array.IndexOf(readable, "Timeline:");
        Assert.True(pinnedAt > 0 && timelineAt == pinnedAt + 2, $"Expected one pinned line before the timeline.\n{string.Join('\n', readable)}");
        Assert.Matches($"#{entry} +decision +admin +disable the new session store$", readable[pinnedAt + 1]);

        var json = await ShowJsonAsync(key);
        Assert.Equal([entry], json.GetProperty("incident").GetProperty("pinned").EnumerateArray().Select(v => v.GetInt64()));
        Assert.True(json.GetProperty("timeline").EnumerateArray().Single(i => i.GetProperty("version").GetInt64() == entry).GetProperty("pinned").GetBoolean());

        var unpinned = (await _cli.RunAsync("pin", key, entryText, "--unpin", "--json")).Succeeded().Json();
        Assert.Empty(unpinned.GetProperty("pinned").EnumerateArray());
        Assert.DoesNotContain("Pinned:", (await _cli.RunAsync("show", key)).Succeeded().StdOut, StringComparison.Ordinal);

        var change = (await _cli.RunAsync("pin", key, "1")).Failed();
        Assert.Contains("only written entries can be pinned", change.StdErr, StringComparison.Ordinal);
        var missing = (await _cli.RunAsync("pin", key, "9999")).Failed();
        Assert.Contains("has no timeline entry 9999", missing.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IfVersion_Stale_IsRefusedWithTheServersMessageAndWritesNothing()
    {
        var declared = await DeclareAsync(Unique("Flaky deploys"), "--sev", "P3");
        var key = Key(declared);
        Assert.Equal(2, declared.GetProperty("version").GetInt64());

        var current = (await _cli.RunAsync("log", key, "--if-version", "2", "first try")).Succeeded();
        Assert.Equal($"Logged note #3 on {key}.", current.StdOut.Trim());

        var staleLog = (await _cli.RunAsync("log", key, "--if-version", "2", "second try")).Failed();
        Assert.Contains("412", staleLog.StdErr, StringComparison.Ordinal);
        Assert.Contains($"{key} changed since version 2: it is now at version 3", staleLog.StdErr, StringComparison.Ordinal);

        var staleStatus = (await _cli.RunAsync("status", key, "identified", "--if-version", "1")).Failed();
        Assert.Contains("412", staleStatus.StdErr, StringComparison.Ordinal);
        Assert.Contains("changed since version 1", staleStatus.StdErr, StringComparison.Ordinal);

        var staleSev = (await _cli.RunAsync("sev", key, "P1", "--reason", "worse", "--if-version", "2")).Failed();
        Assert.Contains("412", staleSev.StdErr, StringComparison.Ordinal);

        var unchanged = (await ShowJsonAsync(key)).GetProperty("incident");
        Assert.Equal(3, unchanged.GetProperty("version").GetInt64());
        Assert.Equal("investigating", unchanged.GetProperty("status").GetString());
        Assert.Equal("SEV-4", unchanged.GetProperty("severity").GetString());

        var moved = (await _cli.RunAsync("status", key, "identified", "--if-version", "3", "--json")).Succeeded().Json();
        Assert.Equal(4, moved.GetProperty("version").GetInt64());
        Assert.Equal("identified", moved.GetProperty("status").GetString());
    }

    private async Task<JsonElement> DeclareAsync(string title, params string[] options) =>
        (await _cli.RunAsync(["declare", title, .. options, "--json"])).Succeeded().Json();

    private async Task<JsonElement> ShowJsonAsync(string key)
    {
        var json = (await _cli.RunAsync("show", key, "--json")).Succeeded().Json();
        Assert.Equal(JsonValueKind.Object, json.GetProperty("incident").ValueKind);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("timeline").ValueKind);
        return json;
    }

    private async Task<JsonElement> ListJsonAsync(params string[] filters) =>
        (await _cli.RunAsync(["list", .. filters, "--json"])).Succeeded().Json();

    private async Task<string> CreateUserAsync(string name) => (await CreateUserWithPasswordAsync(name)).Username;

    private async Task<(string Username, string Password)> CreateUserWithPasswordAsync(string name)
    {
        var username = Unique(name);
        var created = (await _cli.RunAsync("user", "create", username, "--role", "responder", "--json")).Succeeded().Json();
        return (username, created.GetProperty("password").GetString()!);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    private static string Key(JsonElement incident) => incident.GetProperty("key").GetString()!;

    private static string DeclaredKey(CliResult declared)
    {
        var match = DeclaredLine().Match(declared.StdOut.Split('\n')[0].Trim());
        Assert.True(match.Success, $"No 'Declared INC-N.' line.\n{declared}");
        return match.Groups[1].Value;
    }

    private static string Row(string[] table, string key)
    {
        var rows = table.Where(l => l.StartsWith(key + " ", StringComparison.Ordinal)).ToList();
        Assert.True(rows.Count == 1, $"Expected one row for {key}.\n{string.Join('\n', table)}");
        return rows[0];
    }

    private static List<string> Keys(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(Key).Order(StringComparer.Ordinal)];

    private static List<string> Sorted(params string[] keys) => [.. keys.Order(StringComparer.Ordinal)];

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static List<string> TimelineTexts(JsonElement shown) =>
        [.. shown.GetProperty("timeline").EnumerateArray().Select(i => i.GetProperty("text").GetString()!)];

    [GeneratedRegex("^Declared (INC-[0-9]+)\\.$")]
    private static partial Regex DeclaredLine();
}

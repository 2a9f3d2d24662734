using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Updates;

/// <summary>
/// update: drafts from the templates, and posted updates moving the next update due, with one voice in public.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class UpdateCommandTests(ServerProcess server) : SignedInCommandTests(server)
{
    [Fact]
    public async Task UpdateDraft_FillsTheTemplateFromTheIncident_AndPostsNothing()
    {
        var title = Unique("Card payments failing");
        var service = Unique("checkout");
        var key = Key(await DeclareAsync(title, "--sev", "P1", "--service", service, "--impact", "EU customers cannot pay"));

        var draft = (await Cli.RunAsync("update", key, "--draft")).Succeeded().StdOut;
        Assert.Contains("Draft (declared, public status investigating):", draft, StringComparison.Ordinal);
        Assert.Contains($"We are investigating an issue with {service}: {title}. Impact: EU customers cannot pay. Severity SEV-2, started ", draft, StringComparison.Ordinal);
        Assert.Contains($"Post it with: firebreak update {key} \"", draft, StringComparison.Ordinal);

        var resolved = (await Cli.RunAsync("update", key, "--draft", "--template", "resolved", "--json")).Succeeded().Json();
        Assert.Equal(key, resolved.GetProperty("incident").GetString());
        Assert.Equal("resolved", resolved.GetProperty("template").GetString());
        Assert.Equal("resolved", resolved.GetProperty("publicStatus").GetString());
        Assert.StartsWith($"{title} is resolved. It lasted ", resolved.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Impact: EU customers cannot pay.", resolved.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["declared", "investigating", "identified", "monitoring", "resolved"], Strings(resolved.GetProperty("templates")));
        var resolvedReadable = (await Cli.RunAsync("update", key, "--template", "resolved")).Succeeded().StdOut;
        Assert.Contains($"Post it with: firebreak update {key} \"…\" --public --status resolved", resolvedReadable, StringComparison.Ordinal);

        var unknown = (await Cli.RunAsync("update", key, "--draft", "--template", "apology")).Failed();
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

        var posted = (await Cli.RunAsync("update", key, "Still investigating; the database looks healthy", "--json")).Succeeded().Json();
        var lastUpdateAt = posted.GetProperty("lastUpdateAt").GetDateTimeOffset();
        var nextDue = posted.GetProperty("nextUpdateDue").GetDateTimeOffset();
        Assert.Equal(lastUpdateAt + TimeSpan.FromMinutes(30), nextDue);
        Assert.True(nextDue > firstDue, $"The next update due did not move: {firstDue:O} then {nextDue:O}.");
        Assert.False(posted.GetProperty("updateOverdue").GetBoolean());

        var readable = (await Cli.RunAsync("update", key, "Found a slow query; working on an index")).Succeeded().StdOut;
        Assert.StartsWith("Update posted.", readable, StringComparison.Ordinal);
        Assert.Matches(@"  Next update due \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", readable);

        // SEV-2 needs a comms lead to speak in public: without one the update goes out with a warning.
        var publicUpdate = (await Cli.RunAsync("update", key, "We have found the cause of slow checkouts", "--public", "--status", "identified")).Succeeded().StdOut;
        Assert.Contains("  WARN [many-voices] A public update went out with no comms lead assigned.", publicUpdate, StringComparison.Ordinal);
        (await Cli.RunAsync("role", key, "comms-lead", "admin")).Succeeded();
        var fromCommsLead = (await Cli.RunAsync("update", key, "A fix is rolling out", "--public")).Succeeded().StdOut;
        Assert.DoesNotContain("[many-voices]", fromCommsLead, StringComparison.Ordinal);

        var badStatus = (await Cli.RunAsync("update", key, "text", "--public", "--status", "sleeping")).Failed();
        Assert.Contains("Unknown public status 'sleeping'", badStatus.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains("Internal update: Still investigating; the database looks healthy", texts);
        Assert.Contains("Internal update: Found a slow query; working on an index", texts);
        Assert.Contains("Public update (identified): We have found the cause of slow checkouts", texts);
        Assert.Contains("Public update (investigating): A fix is rolling out", texts);
        Assert.Single(texts, t => t.StartsWith("[many-voices]", StringComparison.Ordinal));

        // Once an update went out, the draft continues the story.
        var draft = (await Cli.RunAsync("update", key, "--draft", "--json")).Succeeded().Json();
        Assert.Equal("investigating", draft.GetProperty("template").GetString());
    }
}

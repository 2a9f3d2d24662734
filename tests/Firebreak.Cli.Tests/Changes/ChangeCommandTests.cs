using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Changes;

/// <summary>
/// change and changes through the real executable: a deploy recorded with its link and time, listed
/// by service, a bad link refused by field, what changed for an incident against its start, and triage
/// naming the change on the services.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class ChangeCommandTests(ServerProcess server) : SignedInCommandTests(server)
{
    [Fact]
    public async Task Change_RecordsADeploy_AndChangesListsItByService()
    {
        var service = Unique("checkout");
        var recorded = (await Cli.RunAsync("change", "deployed checkout v413", "--service", service, "--kind", "deploy", "--link", "https://ci.example.com/runs/413", "--at", "10m")).Succeeded().StdOut;
        Assert.Matches($@"^Recorded CHG-\d+: deploy on {service}: deployed checkout v413  https://ci\.example\.com/runs/413\n", recorded);
        (await Cli.RunAsync("change", "flipped new-cart off", "--service", service, "--kind", "feature-flag", "--source", "flagd")).Succeeded();

        var listed = (await Cli.RunAsync("changes", "--service", service, "--since", "24h")).Succeeded().StdOut;
        var lines = listed.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches($@"^CHG-\d+\s+\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ  feature-flag on {service}: flipped new-cart off  \(from flagd\)$", lines[0]);
        Assert.Contains("deploy on " + service + ": deployed checkout v413", lines[1], StringComparison.Ordinal);

        var json = (await Cli.RunAsync("changes", "--service", service, "--json")).Succeeded().Json();
        Assert.Equal(["flipped new-cart off", "deployed checkout v413"], json.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("summary").GetString()));
        Assert.Equal("No changes since", (await Cli.RunAsync("changes", "--service", Unique("nothing"))).Succeeded().StdOut[..16]);
    }

    [Fact]
    public async Task Change_WithABadLinkOrNoService_IsRefused()
    {
        var refused = (await Cli.RunAsync("change", "deployed", "--service", Unique("checkout"), "--link", "javascript:alert(1)")).Failed();
        Assert.StartsWith("error: 400 'javascript:alert(1)' is not a web address", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("--service", (await Cli.RunAsync("change", "deployed")).Failed().StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangesForAnIncident_AreAgainstItsStart_AndTriageNamesThem()
    {
        var service = Unique("payments");
        (await Cli.RunAsync("change", "raised the payments pool to 40", "--service", service, "--kind", "config", "--at", "30m")).Succeeded();
        var key = Key(await DeclareAsync(Unique("Payments slow"), "--sev", "SEV-3", "--service", service));

        var shown = (await Cli.RunAsync("changes", "--incident", key)).Succeeded().StdOut;
        Assert.Matches($@"^What changed for {key} \(started [^)]+\):\n  (30|29) min before start\s+config on {service}: raised the payments pool to 40\n", shown);

        var triage = (await Cli.RunAsync("triage", "--users", "some", "--service", service)).Succeeded().StdOut;
        Assert.Contains("config \"raised the payments pool to 40\"", triage, StringComparison.Ordinal);

        // Declaring through triage answers the unanswered "recent change?" with yes, as the declare page does.
        var declared = (await Cli.RunAsync("triage", "--users", "some", "--service", service, "--declare", Unique("Payments slow again"), "--json")).Succeeded().Json();
        var timeline = TimelineTexts(await ShowJsonAsync(Key(declared)));
        Assert.Contains(timeline, t => t.Contains("A recent change is suspected", StringComparison.Ordinal));
    }
}

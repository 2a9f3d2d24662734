using System.Globalization;
using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Core.Investigation;

namespace Firebreak.Cli.Tests.Investigation;

/// <summary>
/// hypothesis: confirming, rejecting and reopening hypothesis entries; checklist: the usual suspects a
/// SEV-1 brings, shown by show and ticked (the security checklist is ticked in the triage tests).
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class InvestigationCommandTests(ServerProcess server) : SignedInCommandTests(server)
{
    [Fact]
    public async Task Hypothesis_ConfirmRejectAndReopen()
    {
        var key = Key(await DeclareAsync(Unique("Slow API"), "--sev", "P3"));
        var pool = EntryVersion(await LogJsonAsync(key, "hypothesis", "connection pool exhausted"));
        var deploy = EntryVersion(await LogJsonAsync(key, "hypothesis", "yesterday's deploy"));
        var symptom = EntryVersion(await LogJsonAsync(key, "symptom", "p99 at 2 s"));

        (await Cli.RunAsync("hypothesis", key, pool, "confirmed")).Succeeded();
        var rejected = (await Cli.RunAsync("hypothesis", key, deploy, "rejected", "--json")).Succeeded().Json();
        Assert.Equal(
            [(long.Parse(pool, CultureInfo.InvariantCulture), "confirmed"), (long.Parse(deploy, CultureInfo.InvariantCulture), "rejected")],
            rejected.GetProperty("hypotheses").EnumerateArray().Select(h => (h.GetProperty("entry").GetInt64(), h.GetProperty("status").GetString())));
        var reopened = (await Cli.RunAsync("hypothesis", key, deploy, "open", "--json")).Succeeded().Json();
        Assert.Equal("open", reopened.GetProperty("hypotheses")[1].GetProperty("status").GetString());

        var notAHypothesis = (await Cli.RunAsync("hypothesis", key, symptom, "confirmed")).Failed();
        Assert.Contains($"Entry {symptom} of {key} is not a hypothesis", notAHypothesis.StdErr, StringComparison.Ordinal);
        var badStatus = (await Cli.RunAsync("hypothesis", key, pool, "maybe")).Failed();
        Assert.Contains("Unknown hypothesis status 'maybe'", badStatus.StdErr, StringComparison.Ordinal);
        var missing = (await Cli.RunAsync("hypothesis", key, "999", "confirmed")).Failed();
        Assert.Contains($"{key} has no timeline entry 999.", missing.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains($"Hypothesis #{pool} confirmed", texts);
        Assert.Contains($"Hypothesis #{deploy} rejected", texts);
        Assert.Contains($"Hypothesis #{deploy} open", texts);
    }

    [Fact]
    public async Task Checklist_TheUsualSuspectsOfASev1_NameTheRecordedDeploy_AndShowMarksTheTick()
    {
        var service = Unique("checkout");
        (await Cli.RunAsync("change", "deployed checkout v413", "--service", service, "--kind", "deploy", "--at", "42m")).Succeeded();
        var key = Key(await DeclareAsync(Unique("Checkout failing"), "--sev", "SEV-1", "--service", service));

        // The scheduler opens it just after the declaration.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(await ShowJsonAsync(key)).GetProperty("incident").GetProperty("checklists").EnumerateArray().Any(l => l.GetProperty("name").GetString() == "usual-suspects"))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the usual-suspects checklist did not open");
            await Task.Delay(200);
        }

        (await Cli.RunAsync("checklist", key, "usual-suspects", "1")).Succeeded();

        var shown = (await Cli.RunAsync("show", key)).Succeeded().StdOut;
        Assert.Contains("  Checklist usual-suspects:", shown, StringComparison.Ordinal);
        Assert.Matches(@"\[x\] 1\. Recent deploys: deploy 'deployed checkout v413' (42|41|43) min before start", shown);
        Assert.Contains("[ ] 5. DNS: check that names resolve, and to the right addresses", shown, StringComparison.Ordinal);
        Assert.Contains(TimelineTexts(await ShowJsonAsync(key)), t => t == "Checklist 'usual-suspects' item 1 done");
    }
}

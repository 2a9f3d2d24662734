using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Reports;

/// <summary>
/// firebreak report, the real executable against a real server: the report as text, as JSON and as CSV,
/// the filters, a window in the wrong format refused with the format said; a private incident counts
/// and is never named.
/// </summary>
public sealed class ReportCommandTests
{
    [Fact]
    public async Task Report_AsTextJsonAndCsv_WithFilters()
    {
        await using var server = await ServerProcess.StartAsync();
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        var key = (await cli.RunAsync("declare", "Checkout failing", "--sev", "SEV-2", "--service", "checkout", "--json")).Succeeded().Json().GetProperty("key").GetString()!;
        (await cli.RunAsync("resolve", key, "--override", "Checked by hand: errors are back to normal")).Succeeded();
        (await cli.RunAsync("declare", "Payroll export readable by everyone", "--sev", "SEV-4", "--service", "payroll", "--private")).Succeeded();

        var text = (await cli.RunAsync("report")).Succeeded().StdOut;
        Assert.Contains("2 incidents (0 declined, 1 resolved)", text, StringComparison.Ordinal);
        Assert.Contains("time to resolve", text, StringComparison.Ordinal);
        Assert.Contains("resolves verified", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Payroll export", text, StringComparison.Ordinal);

        var json = (await cli.RunAsync("report", "--severity", "SEV-2", "--since", "30d", "--json")).Succeeded().Json();
        Assert.Equal(1, json.GetProperty("overall").GetProperty("incidents").GetInt32());
        Assert.Equal(1, json.GetProperty("overall").GetProperty("compliance").GetProperty("overriddenResolves").GetInt32());

        var csv = (await cli.RunAsync("report", "--service", "payroll", "--csv")).Succeeded().StdOut;
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("dimension,group,incidents,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("overall,all,1,", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("service,payroll,1,", StringComparison.Ordinal));

        var refused = (await cli.RunAsync("report", "--since", "soon")).Failed();
        Assert.Contains("90d", refused.StdErr, StringComparison.Ordinal);
    }
}

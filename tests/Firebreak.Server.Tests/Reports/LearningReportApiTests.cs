using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Reports;

/// <summary>
/// The learning report through the API, from incidents run through the API on a fake clock: the figures
/// are the ones worked out by hand, the CSV parses, and a private incident counts but never shows its title.
/// </summary>
public sealed class LearningReportApiTests : IAsyncDisposable
{
    private const string PrivateTitle = "Payroll export readable by every account";
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;

    public LearningReportApiTests() => _factory = new FirebreakFactory { Clock = _clock, SchedulerLoop = false };

    /// <summary>
    /// A SEV-2 on checkout and on "=billing, eu": started 12 min before declare, a commander at once, updates at
    /// 10 and 90 min, a mitigation applied at 25 min, resolved at 90 min with the verification overridden. Then a
    /// private SEV-4 on checkout, declared at 90 min with no earlier start, still open.
    /// </summary>
    private async Task RunIncidentsAsync(HttpClient admin)
    {
        var id = (await admin.DeclareAsync(new
        {
            title = "Checkout failing for card payments",
            severity = "SEV-2",
            services = new[] { "checkout", "=billing, eu" },
            startedAt = ResponseApi.Start.AddMinutes(-12),
        })).Long("id");
        await admin.CommandAsync(id, "roles", new { role = "commander", user = "admin" });
        _clock.Advance(TimeSpan.FromMinutes(10));
        await admin.PostUpdateAsync(id, "We are looking into failed card payments.", "public", "investigating");
        var mitigation = (await admin.ProposeAsync(id, new { kind = "rollback", title = "Roll back checkout to v412", rollbackPlan = "Redeploy v413", checklist = new { noIrreversibleMigration = true, noIrreversibleSideEffects = true, knownGoodTarget = "v412" } })).Long("id");
        _clock.Advance(TimeSpan.FromMinutes(15));
        await HttpAssert.StatusAsync(await admin.StepAsync(id, mitigation, "start"), HttpStatusCode.OK);
        await HttpAssert.StatusAsync(await admin.StepAsync(id, mitigation, "apply"), HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromMinutes(65));
        await admin.PostUpdateAsync(id, "Payments work again.", "public", "resolved");
        await admin.ResolveAsync(id);

        await admin.DeclareAsync(new { title = PrivateTitle, severity = "SEV-4", services = new[] { "checkout" }, @private = true });
    }

    [Fact]
    public async Task TheFigures_AreTheHandComputedOnes()
    {
        using var admin = _factory.Admin();
        await RunIncidentsAsync(admin);

        var report = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/reports/learning"));
        var overall = report.GetProperty("overall");
        Assert.Equal((2, 0, 1), (overall.GetProperty("incidents").GetInt32(), overall.GetProperty("declined").GetInt32(), overall.GetProperty("resolved").GetInt32()));
        Assert.Equal((2, 360.0, 360.0), Timing(overall, "detect")); // 12 min and 0
        Assert.Equal((1, 0.0, 0.0), Timing(overall, "acknowledge")); // the commander at once; the SEV-4 has none
        Assert.Equal((1, 1500.0, 1500.0), Timing(overall, "mitigate"));
        Assert.Equal((1, 6120.0, 6120.0), Timing(overall, "resolve")); // 12 + 90 min
        Assert.Equal(0, overall.GetProperty("repeats").GetInt32()); // the SEV-4 shares the service but no root-cause tag

        var compliance = overall.GetProperty("compliance");
        Assert.Equal((0, 1), Share(compliance, "cadence")); // 80 min without news against SEV-2's 30
        Assert.Equal((1, 1), Share(compliance, "commanderInTarget")); // the SEV-4 is still inside its day
        Assert.Equal((0, 1), Share(compliance, "verifiedResolves"));
        Assert.Equal(1, compliance.GetProperty("overriddenResolves").GetInt32());

        var bySeverity = report.GetProperty("bySeverity").EnumerateArray().ToDictionary(g => g.Str("group"), g => g.GetProperty("incidents").GetInt32());
        Assert.Equal((0, 1, 0, 1), (bySeverity["SEV-1"], bySeverity["SEV-2"], bySeverity["SEV-3"], bySeverity["SEV-4"]));
        var byService = report.GetProperty("byService").EnumerateArray().Select(g => (g.Str("group"), g.GetProperty("incidents").GetInt32())).ToList();
        Assert.Equal([("checkout", 2), ("=billing, eu", 1)], byService);
        var march = report.GetProperty("byMonth").EnumerateArray().Single(g => g.Str("group") == "2026-03");
        Assert.Equal(2, march.GetProperty("incidents").GetInt32());

        var sev2 = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/reports/learning?severity=sev2&since=2026-03-01"));
        Assert.Equal(1, sev2.GetProperty("overall").GetProperty("incidents").GetInt32());
        Assert.Equal("SEV-2", sev2.Str("severity"));
    }

    [Fact]
    public async Task TheCsv_HasAHeaderAndOneRowPerGroup_QuotedAndFormulaEscaped()
    {
        using var admin = _factory.Admin();
        await RunIncidentsAsync(admin);

        var response = await admin.GetAsync("/api/v1/reports/learning.csv?since=30d");
        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var rows = ParseCsv(await response.Content.ReadAsStringAsync());
        var header = rows[0];
        Assert.Equal(["dimension", "group", "incidents"], header.Take(3));
        Assert.All(rows, r => Assert.Equal(header.Count, r.Count));
        var byGroup = rows.Skip(1).ToDictionary(r => $"{r[0]}/{r[1]}", r => header.Zip(r).ToDictionary(p => p.First, p => p.Second));
        Assert.Equal("2", byGroup["overall/all"]["incidents"]);
        Assert.Equal("6120", byGroup["overall/all"]["mttr_mean_s"]);
        Assert.Equal("360", byGroup["overall/all"]["mttd_median_s"]);
        Assert.Equal("1", byGroup["service/'=billing, eu"]["incidents"]); // quoted (a comma) and made inert (it starts with =)
        Assert.Equal("1", byGroup["severity/SEV-4"]["incidents"]);
    }

    [Fact]
    public async Task APrivateIncident_CountsButItsTitleNeverAppears_ToANonMember()
    {
        using var admin = _factory.Admin();
        await RunIncidentsAsync(admin);
        using var outsider = await _factory.UserAsync("riley");

        var json = await (await outsider.GetAsync("/api/v1/reports/learning")).Content.ReadAsStringAsync();
        var csv = await (await outsider.GetAsync("/api/v1/reports/learning.csv")).Content.ReadAsStringAsync();
        Assert.Equal(2, JsonDocument.Parse(json).RootElement.GetProperty("overall").GetProperty("incidents").GetInt32());
        Assert.DoesNotContain("Payroll", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Payroll", csv, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Checkout failing", json, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ninety")]
    [InlineData("0d")]
    [InlineData("2026-13-01")]
    [InlineData("2030-01-01")]
    public async Task ABadSince_IsA400_ThatSaysTheFormat(string since)
    {
        using var admin = _factory.Admin();
        await HttpAssert.InvalidAsync(await admin.GetAsync($"/api/v1/reports/learning?since={Uri.EscapeDataString(since)}"), "since", "90d", "2026-09-01");
        await HttpAssert.InvalidAsync(await admin.GetAsync($"/api/v1/reports/learning.csv?since={Uri.EscapeDataString(since)}"), "since", "90d");
    }

    [Fact]
    public async Task TheReport_NeedsSignIn()
    {
        using var anonymous = _factory.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/reports/learning")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/reports/learning.csv")).StatusCode);
    }

    [Fact]
    public async Task ThePage_DrawsTheChartsWithTheirNumbers_AndNamesNoIncident()
    {
        using var admin = _factory.Admin();
        await RunIncidentsAsync(admin);
        await _factory.UserAsync("riley");
        using var riley = await WebSession.SignInAsync(_factory, "riley", FirebreakFactory.UserPassword);

        var response = await riley.GetAsync("/reports?since=30d&service=checkout");
        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<svg viewBox=\"0 0 640 220\" role=\"img\"", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-incidents-title\">Incidents per month</title>", html, StringComparison.Ordinal);
        Assert.Contains("Incidents per month: 2026-02 0 incidents; 2026-03 2 incidents.", html, StringComparison.Ordinal);
        Assert.Contains("<td>2026-03</td><td>2</td><td>1 h 42 min</td>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/reports/learning.csv?since=30d&amp;service=checkout\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Payroll", html, StringComparison.OrdinalIgnoreCase);

        var bad = await (await riley.GetAsync("/reports?since=soon")).Content.ReadAsStringAsync();
        Assert.Contains("is not a window", bad, StringComparison.Ordinal);
    }

    private static (int, double?, double?) Timing(JsonElement group, string name)
    {
        var t = group.GetProperty(name);
        return (t.GetProperty("count").GetInt32(), t.GetProperty("meanSeconds").GetDouble(), t.GetProperty("medianSeconds").GetDouble());
    }

    private static (int, int) Share(JsonElement compliance, string name) =>
        (compliance.GetProperty(name).GetProperty("met").GetInt32(), compliance.GetProperty(name).GetProperty("of").GetInt32());

    /// <summary>RFC 4180: fields split on commas outside quotes, "" inside quotes is a quote, rows end with CRLF.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i++; }
            else { field.Append(c); }
        }

        Assert.Empty(row);
        return rows;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}

using System.Globalization;
using System.Net;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>
/// The public incident history: resolved public incidents by the month they started, newest first,
/// three months a page, with links between the pages; a private incident is in no month.
/// </summary>
public sealed class StatusHistoryTests : IAsyncDisposable
{
    private readonly FirebreakFactory _factory = new() { Config = StatusPageKit.Config };

    [Fact]
    public async Task PastIncidents_AreListedByMonth_ThreeMonthsAPage_WithLinksBetweenThePages()
    {
        using var admin = _factory.Admin();
        var now = TimeProvider.System.GetUtcNow();
        var firstOfThisMonth = new DateTimeOffset(now.Year, now.Month, 1, 12, 0, 0, TimeSpan.Zero);
        for (var back = 0; back < 4; back++)
        {
            var started = firstOfThisMonth.AddMonths(-back).AddDays(1);
            if (started > now)
            {
                started = firstOfThisMonth;
            }

            var id = (await admin.DeclareAsync(new { title = $"Outage {back} months back", severity = "SEV-3", services = new[] { "search" }, startedAt = started })).Long("id");
            await admin.PostUpdateAsync(id, $"Search was slow ({back}).", "public", "investigating");
            await admin.PostUpdateAsync(id, "Fixed.", "public", "resolved");
        }

        var secret = (await admin.DeclareAsync(new { title = "Private breach", severity = "SEV-1", @private = true, startedAt = firstOfThisMonth })).Long("id");
        await admin.PostUpdateAsync(secret, "Nothing to see.", "public", "resolved");

        var first = await _factory.PublicTextAsync("/status/history");
        var months = Enumerable.Range(0, 4).Select(b => firstOfThisMonth.AddMonths(-b).ToString("MMMM yyyy", CultureInfo.InvariantCulture)).ToList();
        Assert.Contains($">{months[0]}</h2>", first, StringComparison.Ordinal);
        Assert.Contains($">{months[2]}</h2>", first, StringComparison.Ordinal);
        Assert.DoesNotContain($">{months[3]}</h2>", first, StringComparison.Ordinal);
        Assert.True(first.IndexOf(months[0], StringComparison.Ordinal) < first.IndexOf(months[1], StringComparison.Ordinal), "the newest month comes first");
        Assert.Contains("Outage 0 months back", first, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 2", first, StringComparison.Ordinal);
        Assert.Contains("href=\"/status/history/2\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Private breach", first, StringComparison.Ordinal);

        var second = await _factory.PublicTextAsync("/status/history/2");
        Assert.Contains($">{months[3]}</h2>", second, StringComparison.Ordinal);
        Assert.Contains("Outage 3 months back", second, StringComparison.Ordinal);
        Assert.Contains("href=\"/status/history\"", second, StringComparison.Ordinal);
        Assert.Contains("Page 2 of 2", second, StringComparison.Ordinal);

        // The main page links the history; a page past the last is a 404, not an error.
        Assert.Contains("href=\"/status/history\"", await _factory.PublicTextAsync("/status"), StringComparison.Ordinal);
        using var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/status/history/3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/status/history/0")).StatusCode);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}

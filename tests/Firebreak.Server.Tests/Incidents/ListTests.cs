using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>Listing incidents: filters, free-text search, active-first order, and paging with a total.</summary>
public sealed class ListTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();
    private readonly HttpClient _admin;

    public ListTests()
    {
        _admin = _factory.Admin();
    }

    [Fact]
    public async Task List_WithoutFilters_ShowsAllActiveFirstThenNewestFirst()
    {
        var ids = await SeedAsync();

        var list = await _admin.ListAsync();

        Assert.Equal(5, list.Long("total"));
        Assert.Equal(50, list.Long("limit"));
        Assert.Equal(0, list.Long("offset"));
        // Active (newest first), then the resolved one and the closed one (newest first).
        Assert.Equal([ids.Triage, ids.Identified, ids.Checkout, ids.Closed, ids.Resolved], list.Items().Select(i => i.Long("id")));
    }

    [Theory]
    [InlineData("?status=identified", new[] { "identified" })]
    [InlineData("?status=investigating,resolved", new[] { "checkout", "resolved" })]
    [InlineData("?status=investigating&status=triage", new[] { "triage", "checkout" })]
    [InlineData("?status=CLOSED", new[] { "closed" })]
    [InlineData("?status=declined", new string[0])]
    [InlineData("?severity=SEV-1", new[] { "identified", "checkout" })]
    [InlineData("?severity=P0", new[] { "identified", "checkout" })]
    [InlineData("?severity=P0,sev4", new[] { "triage", "identified", "checkout" })]
    [InlineData("?service=payments", new[] { "identified", "checkout" })]
    [InlineData("?service=PAYMENTS", new[] { "identified", "checkout" })]
    [InlineData("?service=pay", new string[0])]
    [InlineData("?q=checkout", new[] { "checkout", "resolved" })]
    [InlineData("?q=CHECKOUT", new[] { "checkout", "resolved" })]
    [InlineData("?q=card%20declines", new[] { "identified" })]
    [InlineData("?q=warehouse", new[] { "triage" })]
    [InlineData("?q=100%25", new[] { "closed" })]
    [InlineData("?q=%25", new[] { "closed" })]
    [InlineData("?q=_", new[] { "triage" })]
    [InlineData("?q=search_index", new[] { "triage" })]
    [InlineData("?q=INC-2", new[] { "resolved" })]
    [InlineData("?q=nothing-matches-this", new string[0])]
    [InlineData("?q=-", new[] { "identified", "closed" })]
    [InlineData("?q=inc-", new string[0])]
    [InlineData("?q=inc", new string[0])]
    [InlineData("?active=true", new[] { "triage", "identified", "checkout" })]
    [InlineData("?active=false", new[] { "closed", "resolved" })]
    [InlineData("?active=true&severity=SEV-1&service=payments&q=card", new[] { "identified" })]
    public async Task List_WithFilter_ShowsOnlyMatchingIncidents(string query, string[] expected)
    {
        var ids = await SeedAsync();

        var list = await _admin.ListAsync(query);

        Assert.Equal(expected.Length, list.Long("total"));
        Assert.Equal(expected.Select(ids.ByName), list.Items().Select(i => i.Long("id")));
    }

    [Fact]
    public async Task List_PagesWithLimitAndOffset_KeepingTheTotal()
    {
        for (var i = 1; i <= 7; i++)
        {
            await _admin.DeclareIdAsync($"Incident number {i}");
        }

        var seen = new List<long>();
        for (var offset = 0; offset < 7; offset += 3)
        {
            var page = await _admin.ListAsync($"?limit=3&offset={offset}");
            Assert.Equal(7, page.Long("total"));
            Assert.Equal(3, page.Long("limit"));
            Assert.Equal(offset, page.Long("offset"));
            Assert.Equal(Math.Min(3, 7 - offset), page.Items().Count);
            seen.AddRange(page.Items().Select(i => i.Long("id")));
        }

        Assert.Equal([7L, 6L, 5L, 4L, 3L, 2L, 1L], seen);

        var beyond = await _admin.ListAsync("?limit=3&offset=10");
        Assert.Equal(7, beyond.Long("total"));
        Assert.Empty(beyond.Items());
    }

    [Fact]
    public async Task List_TotalCountsAllMatches_NotJustThePage()
    {
        await SeedAsync();
        var page = await _admin.ListAsync("?active=true&limit=1");
        Assert.Equal(3, page.Long("total"));
        Assert.Single(page.Items());
    }

    [Fact]
    public async Task List_ItemsCarryTheCurrentState()
    {
        var ids = await SeedAsync();
        var item = (await _admin.ListAsync("?status=identified")).Items().Single();
        Assert.Equal(ids.Identified, item.Long("id"));
        Assert.Equal("Card declines on mobile", item.Str("title"));
        Assert.Equal(["payments", "mobile-api"], item.GetProperty("services").Strings());
        Assert.Equal((await _admin.GetIncidentAsync(ids.Identified)).GetRawText(), item.GetRawText());
    }

    private async Task<Seeded> SeedAsync()
    {
        var checkout = (await _admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-1", services = new[] { "checkout", "payments" } })).Long("id");
        var resolved = (await _admin.DeclareAsync(new { title = "Checkout slow in EU", severity = "SEV-3", services = new[] { "checkout" } })).Long("id");
        await _admin.ResolveAsync(resolved);
        var closed = (await _admin.DeclareAsync(new { title = "Disk 100% full on db-3", severity = "SEV-2" })).Long("id");
        await _admin.ResolveAsync(closed);
        await _admin.ChangeStatusAsync(closed, "closed");
        var identified = (await _admin.DeclareAsync(new { title = "Card declines on mobile", severity = "P0", services = new[] { "payments", "mobile-api" } })).Long("id");
        await _admin.ChangeStatusAsync(identified, "identified");
        var triage = (await _admin.DeclareAsync(new { title = "Reports of stale stock", severity = "SEV-4", status = "triage", summary = "Warehouse counts lag; maybe the search_index job" })).Long("id");
        return new Seeded(checkout, resolved, closed, identified, triage);
    }

    private sealed record Seeded(long Checkout, long Resolved, long Closed, long Identified, long Triage)
    {
        public long ByName(string name) => name switch
        {
            "checkout" => Checkout,
            "resolved" => Resolved,
            "closed" => Closed,
            "identified" => Identified,
            "triage" => Triage,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }
}

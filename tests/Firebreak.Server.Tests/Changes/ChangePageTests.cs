using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Changes;

/// <summary>The room's "What changed" panel and the declare page's triage, as a browser gets them.</summary>
public sealed class ChangePageTests : IAsyncDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;

    public ChangePageTests() => _factory = new FirebreakFactory { Clock = _clock, SchedulerLoop = false };

    [Fact]
    public async Task TheRoom_ShowsWhatChanged_AgainstTheStart_Escaped_WithOnlyWebLinksAsLinks()
    {
        using var admin = _factory.Admin();
        await HttpAssert.StatusAsync(await admin.PostAsJsonAsync("/api/v1/changes", new { kind = "deploy", service = "checkout", summary = "deployed <script>alert(1)</script> v413", link = "https://ci.example.com/runs/413?a=1&b=2", at = "54m" }), HttpStatusCode.Created);
        await HttpAssert.StatusAsync(await admin.PostAsJsonAsync("/api/v1/changes", new { kind = "feature-flag", service = "checkout", summary = "flipped new-cart", at = "20m", source = "flagd" }), HttpStatusCode.Created);
        await HttpAssert.StatusAsync(await admin.PostAsJsonAsync("/api/v1/changes", new { service = "search", summary = "search reindexed" }), HttpStatusCode.Created);
        var id = (await admin.DeclareAsync(new { title = "Checkout failing", severity = "SEV-2", services = new[] { "checkout" }, startedAt = ResponseApi.Start.AddMinutes(-12) })).Long("id");
        await _factory.UserAsync("alice");
        using var alice = await WebSession.SignInAsync(_factory, "alice", FirebreakFactory.UserPassword);

        var html = await (await alice.GetAsync($"/incidents/{id}")).Content.ReadAsStringAsync();

        Assert.Contains("What changed", html, StringComparison.Ordinal);
        Assert.Contains("42 min before start", html, StringComparison.Ordinal);
        Assert.Contains("8 min before start", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("flipped new-cart", StringComparison.Ordinal) < html.IndexOf("deployed &lt;script&gt;", StringComparison.Ordinal), "newest first");
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://ci.example.com/runs/413?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\">deployed &lt;script&gt;alert(1)&lt;/script&gt; v413</a>", html, StringComparison.Ordinal);
        Assert.Contains("from flagd", html, StringComparison.Ordinal);
        Assert.DoesNotContain("search reindexed", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRoom_OfAnIncidentWithoutServices_SaysChangesMatchByService()
    {
        using var admin = _factory.Admin();
        var id = await admin.DeclareIdAsync();
        await _factory.UserAsync("alice");
        using var alice = await WebSession.SignInAsync(_factory, "alice", FirebreakFactory.UserPassword);

        var html = await (await alice.GetAsync($"/incidents/{id}")).Content.ReadAsStringAsync();

        Assert.Contains("names no services", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDeclarePagesTriage_NamesTheRecentChanges_AndSuggestsYes()
    {
        using var admin = _factory.Admin();
        await HttpAssert.StatusAsync(await admin.PostAsJsonAsync("/api/v1/changes", new { kind = "deploy", service = "checkout", summary = "deployed checkout v413", at = "30m" }), HttpStatusCode.Created);
        await _factory.UserAsync("alice");
        using var alice = await WebSession.SignInAsync(_factory, "alice", FirebreakFactory.UserPassword);

        var live = await HttpAssert.JsonAsync(await alice.GetAsync("/ui/triage?usersAffected=some&recentChange=&services=payments,%20checkout"));
        Assert.Equal("yes", live.Str("suggestedRecentChange"));
        Assert.Equal("deployed checkout v413", live.GetProperty("recentChanges")[0].Str("summary"));

        // Without script, the page comes back with the answers when a declaration is refused: the changes and the suggested answer are in it.
        var refused = await alice.PostFormAsync("/incidents/new", "/ui/incidents", [("title", ""), ("services", "checkout"), ("usersAffected", "some"), ("recentChange", "unknown")]);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("deployed checkout v413", html, StringComparison.Ordinal);
        Assert.Matches("<select id=\"recentChange\" name=\"recentChange\">.*?<option value=\"yes\" selected", html.ReplaceLineEndings(" "));
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}

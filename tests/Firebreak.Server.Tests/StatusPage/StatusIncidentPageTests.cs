using System.Net;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>
/// Each public incident's own page, /status/incidents/N: its public updates in order, the progression
/// through the four public steps (a skipped step said so), what it affects, when it started and was
/// resolved. A private incident, one never told in public, an internal update and an unknown id have no
/// page and leave no trace on any other.
/// </summary>
public sealed class StatusIncidentPageTests : IAsyncDisposable
{
    private readonly FirebreakFactory _factory = new() { Config = StatusPageKit.Config };

    [Fact]
    public async Task APublicIncident_HasItsOwnPage_WithItsProgress_ASkippedStepSaidSo_AndOnlyItsPublicUpdates()
    {
        using var admin = _factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "Card payments <failing>", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");
        await admin.PostUpdateAsync(id, "We are looking into failed payments.", "public", "investigating");
        await admin.PostUpdateAsync(id, "Suspect the new build; rolling back now.", "internal");
        await admin.PostUpdateAsync(id, "A fix is out; we are watching it.", "public", "monitoring");

        var page = await _factory.PublicTextAsync($"/status/incidents/{id}");
        Assert.Contains("Card payments &lt;failing&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<failing>", page, StringComparison.Ordinal);
        Assert.Contains("We are looking into failed payments.", page, StringComparison.Ordinal);
        Assert.Contains("A fix is out; we are watching it.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("rolling back", page, StringComparison.Ordinal);
        Assert.Contains("<li>identified: skipped</li>", page, StringComparison.Ordinal);
        Assert.Contains("<li>resolved: not yet</li>", page, StringComparison.Ordinal);
        Assert.Matches("<li>investigating: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC</li>", page);
        Assert.Contains("Affects: Checkout (partial outage), API (partial outage)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("resolved 2", page, StringComparison.Ordinal);
        Assert.True(
            page.IndexOf("A fix is out", StringComparison.Ordinal) < page.IndexOf("We are looking into", StringComparison.Ordinal),
            "the newest update comes first");

        // The main page links it; once resolved, the page says when.
        Assert.Contains($"href=\"/status/incidents/{id}\"", await _factory.PublicTextAsync("/status"), StringComparison.Ordinal);
        await admin.PostUpdateAsync(id, "Payments work again.", "public", "resolved");
        var resolved = await _factory.PublicTextAsync($"/status/incidents/{id}");
        Assert.Matches(" · resolved \\d{4}-\\d\\d-\\d\\d", resolved);
        Assert.Matches("<li>resolved: \\d{4}", resolved);
        Assert.Contains($"href=\"/status/incidents/{id}\"", await _factory.PublicTextAsync("/status/history"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APrivateIncident_OneNeverToldInPublic_AndAnUnknownId_HaveNoPage()
    {
        using var admin = _factory.Admin();
        var secret = (await admin.DeclareAsync(new { title = "Key leak", severity = "SEV-1", services = new[] { "checkout" }, @private = true })).Long("id");
        await admin.PostUpdateAsync(secret, "Rotating keys.", "public", "identified");
        var quiet = (await admin.DeclareAsync(new { title = "Search slow", severity = "SEV-3", services = new[] { "search" } })).Long("id");
        await admin.PostUpdateAsync(quiet, "Looking at the index.", "internal");
        await _factory.RebuildAsync();

        using var anonymous = _factory.Anonymous();
        foreach (var path in new[] { $"/status/incidents/{secret}", $"/status/incidents/{quiet}", "/status/incidents/999999", "/status/incidents/abc" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Key leak", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var main = await _factory.PublicTextAsync("/status");
        Assert.DoesNotContain($"/status/incidents/{secret}", main, StringComparison.Ordinal);
        Assert.DoesNotContain($"/status/incidents/{quiet}", main, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}

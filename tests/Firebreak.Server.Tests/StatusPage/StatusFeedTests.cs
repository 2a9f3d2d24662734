using System.Net.Http.Json;
using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Firebreak.Server.StatusPage;
using Firebreak.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>The status page's Atom feed, read by .NET's own feed parser: valid Atom 1.0 with only what was said in public.</summary>
public sealed class StatusFeedTests : IAsyncDisposable
{
    private readonly FirebreakFactory _factory = new() { Config = "services:\n  - name: checkout\n" };

    [Fact]
    public async Task TheFeed_IsAtom_WithAnEntryPerPublicIncident_AndNothingElse()
    {
        using var admin = _factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "Checkout <b>errors</b> & timeouts", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");
        await admin.PostUpdateAsync(id, "internal words");
        await admin.PostUpdateAsync(id, "We are investigating checkout errors.", "public", "investigating");
        await admin.PostUpdateAsync(id, "Fixed & verified.", "public", "resolved");
        var secret = (await admin.DeclareAsync(new { title = "Leaked keys", severity = "SEV-1", @private = true })).Long("id");
        await admin.PostUpdateAsync(secret, "secret public words", "public", "investigating");
        await _factory.Services.GetRequiredService<StatusSnapshots>().RebuildAsync(CancellationToken.None);

        using var anonymous = _factory.Anonymous();
        using var response = await anonymous.GetAsync("/status/feed.atom");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var formatter = new Atom10FeedFormatter();
        Assert.True(formatter.CanRead(reader), "the body is not an Atom 1.0 feed");
        formatter.ReadFrom(reader);
        var feed = formatter.Feed;

        var entry = Assert.Single(feed.Items);
        Assert.Equal("Checkout <b>errors</b> & timeouts (resolved)", entry.Title.Text);
        var content = Assert.IsType<TextSyndicationContent>(entry.Content).Text;
        Assert.StartsWith("resolved (", content, StringComparison.Ordinal);
        Assert.Contains("Fixed & verified.", content, StringComparison.Ordinal);
        Assert.Contains("We are investigating checkout errors.", content, StringComparison.Ordinal);
        Assert.DoesNotContain("internal words", content, StringComparison.Ordinal);
        Assert.EndsWith($"/status#incident-{id}", entry.Id, StringComparison.Ordinal);
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri.AbsolutePath == "/status/feed.atom");
        Assert.True(entry.LastUpdatedTime >= entry.PublishDate);
    }

    [Fact]
    public async Task TheFeed_HasAnEntryPerMaintenance_WithItsWindowAndMessages()
    {
        using var admin = _factory.Admin();
        using var scheduled = await admin.PostAsJsonAsync("/api/v1/maintenances", new
        {
            title = "Database <upgrade>",
            message = "Writes pause for ten minutes & reads go on.",
            components = new[] { "checkout" },
            startsAt = "2099-01-01T02:00:00Z",
            endsAt = "2099-01-01T03:00:00Z",
        });
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        await _factory.Services.GetRequiredService<StatusSnapshots>().RebuildAsync(CancellationToken.None);

        using var anonymous = _factory.Anonymous();
        using var reader = XmlReader.Create(await anonymous.GetStreamAsync("/status/feed.atom"));
        var formatter = new Atom10FeedFormatter();
        formatter.ReadFrom(reader);

        var entry = Assert.Single(formatter.Feed.Items);
        Assert.Equal("Maintenance: Database <upgrade> (scheduled)", entry.Title.Text);
        Assert.EndsWith("/status#maintenance-1", entry.Id, StringComparison.Ordinal);
        var content = Assert.IsType<TextSyndicationContent>(entry.Content).Text;
        Assert.StartsWith("2099-01-01T02:00:00Z to 2099-01-01T03:00:00Z, affects checkout", content, StringComparison.Ordinal);
        Assert.Contains("Writes pause for ten minutes & reads go on.", content, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}

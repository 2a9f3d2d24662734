using System.Net;
using System.Net.Http.Headers;
using Firebreak.Server.StatusPage;
using Firebreak.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>
/// The public page at /status: no sign-in, only what was said in public, every text inert, served from
/// the snapshot without a database command, with an ETag and gzip, and from disk after a restart.
/// </summary>
public sealed class StatusPageTests : IAsyncDisposable
{
    private const string Config = """
        services:
          - name: checkout
          - name: search
        statusPage:
          name: Acme status
          components:
            - name: Checkout
              group: Shop
              description: Paying for an order
              services: [checkout]
            - name: Search
              group: Shop
              services: [search]
        """;

    private readonly FirebreakFactory _factory = new() { Config = Config };

    private StatusSnapshots Snapshots => _factory.Services.GetRequiredService<StatusSnapshots>();

    private async Task<string> PageAsync()
    {
        await Snapshots.RebuildAsync(CancellationToken.None);
        using var anonymous = _factory.Anonymous();
        using var response = await anonymous.GetAsync("/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task ThePage_ShowsComponentsAndPublicUpdates_AndNothingPrivateOrInternal()
    {
        using var admin = _factory.Admin();
        var open = (await admin.DeclareAsync(new { title = "Card payments <script>alert(1)</script>", severity = "SEV-1", services = new[] { "checkout" } })).Long("id");
        await admin.PostUpdateAsync(open, "Internal: the DB primary is at 100% CPU");
        await admin.PostUpdateAsync(open, "We are investigating failed card payments. <img src=x onerror=alert(1)>", "public", "investigating");
        var secret = (await admin.DeclareAsync(new { title = "Leaked signing keys", severity = "SEV-1", services = new[] { "search" }, @private = true })).Long("id");
        await admin.PostUpdateAsync(secret, "Rotating the keys now", "public", "identified");
        await admin.DeclareAsync(new { title = "Search reindex slow", severity = "SEV-3", services = new[] { "search" } });

        var html = await PageAsync();
        Assert.Contains("<h1>Acme status</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Major System Outage", html, StringComparison.Ordinal);
        Assert.Matches("Checkout <span class=\"muted\">Paying for an order</span></span><span class=\"major-outage\">Major outage</span>", html);
        Assert.Matches("Search</span><span class=\"operational\">Operational</span>", html);
        Assert.Contains("We are investigating failed card payments. &lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Card payments &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("100% CPU", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Leaked", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Rotating the keys", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Search reindex slow", html, StringComparison.Ordinal);

        await admin.PostUpdateAsync(open, "Payments work again.", "public", "resolved");
        var after = await PageAsync();
        Assert.Contains("All Systems Operational", after, StringComparison.Ordinal);
        Assert.Contains("Past incidents", after, StringComparison.Ordinal);
        Assert.Contains("Payments work again.", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheDatabaseGone_ThePageStillAnswers_With304ToItsETag_AndGzipWhenAsked()
    {
        using (var admin = _factory.Admin())
        {
            var id = (await admin.DeclareAsync(new { title = "Checkout errors", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");
            await admin.PostUpdateAsync(id, "We are looking into checkout errors.", "public", "investigating");
        }

        await PageAsync();
        // The database file becomes garbage: any request that opened a connection would fail.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var file = Path.Combine(_factory.DataDirectory, "firebreak.db");
        await File.WriteAllBytesAsync(file, new byte[64 * 1024]);
        File.Delete(file + "-wal");
        File.Delete(file + "-shm");
        using var anonymous = _factory.Anonymous();
        using var first = await anonymous.GetAsync("/status");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("We are looking into checkout errors.", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await anonymous.SendAsync(request);
        using var zipped = new HttpRequestMessage(HttpMethod.Get, "/status");
        zipped.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var third = await anonymous.SendAsync(zipped);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal("gzip", third.Content.Headers.ContentEncoding.Single());
        using var css = await anonymous.GetAsync("/status/style.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task AfterARestart_TheLastPageIsServedFromDisk_BeforeTheDatabaseIsAsked()
    {
        using (var admin = _factory.Admin())
        {
            var id = (await admin.DeclareAsync(new { title = "Checkout errors", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");
            await admin.PostUpdateAsync(id, "We are looking into checkout errors.", "public", "investigating");
        }

        await PageAsync();
        var saved = await File.ReadAllTextAsync(Path.Combine(_factory.DataDirectory, "status-snapshot.json"));
        Assert.Contains("We are looking into checkout errors.", saved, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}

/// <summary>On PostgreSQL the database can really be taken away: no connection is allowed and every open one is ended.</summary>
public sealed class PostgresStatusPageTests
{
    [Firebreak.Testing.PostgresFact]
    public async Task WithThePostgresDatabaseUnreachable_ThePageAndTheJsonStillAnswerWithTheLastState()
    {
        var connection = await Firebreak.Testing.TestDatabases.NewPostgresDatabaseAsync();
        var name = new Npgsql.NpgsqlConnectionStringBuilder(connection).Database!;
        await using var factory = new FirebreakFactory(connection) { Config = "services:\n  - name: checkout\n", SchedulerLoop = false };
        using (var admin = factory.Admin())
        {
            var id = (await admin.DeclareAsync(new { title = "Checkout errors", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");
            await admin.PostUpdateAsync(id, "We are looking into checkout errors.", "public", "investigating");
        }

        await factory.Services.GetRequiredService<StatusSnapshots>().RebuildAsync(CancellationToken.None);
        await using (var root = new Npgsql.NpgsqlConnection(Firebreak.Testing.TestDatabases.PostgresAdminConnection))
        {
            await root.OpenAsync();
            await using var block = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid();", root);
            await block.ExecuteNonQueryAsync();
        }

        Npgsql.NpgsqlConnection.ClearAllPools();
        try
        {
            using (var admin = factory.Admin())
            {
                // The database is really gone: the API says so with a 503 problem, never a 500.
                using var gone = await admin.GetAsync("/api/v1/incidents");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
                Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
                Assert.Equal("5", gone.Headers.RetryAfter?.ToString());
            }

            using var anonymous = factory.Anonymous();
            using var page = await anonymous.GetAsync("/status");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("We are looking into checkout errors.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var summary = await anonymous.GetAsync("/api/v2/summary.json");
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
            Assert.Contains("Checkout errors", await summary.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var feed = await anonymous.GetAsync("/status/feed.atom");
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        }
        finally
        {
            await using var root = new Npgsql.NpgsqlConnection(Firebreak.Testing.TestDatabases.PostgresAdminConnection);
            await root.OpenAsync();
            await using var allow = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true", root);
            await allow.ExecuteNonQueryAsync();
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Firebreak.Server.Hosting;
using Firebreak.Server.StatusPage;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>
/// A start whose PostgreSQL server cannot be reached: the server listens anyway, serves the status page, its JSON
/// and its feed from the snapshot the data folder kept, answers every other route 503 problem+json (never a 500),
/// and becomes ready when the database answers.
/// </summary>
public sealed class PostgresUnreachableStartTests
{
    private const string Config = "services:\n  - name: checkout\n";
    private const string Update = "We are looking into checkout errors.";

    [PostgresFact]
    public async Task AStart_WithNothingListeningAtTheDatabaseAddress_ServesTheSavedStatusPage_And503Elsewhere()
    {
        var connection = await TestDatabases.NewPostgresDatabaseAsync();
        var data = TestDatabases.TempDirectory();
        await PostPublicUpdateAsync(connection, data);

        var closed = new NpgsqlConnectionStringBuilder(connection) { Port = ClosedPort(), Password = "s3cret-not-to-be-shown", Timeout = 2 }.ConnectionString;
        await using var factory = new FirebreakFactory(closed) { DataDirectory = data, Config = Config };
        await AssertServedFromSnapshotAsync(factory);
        using var admin = factory.Admin();
        var problem = await AssertUnavailableAsync(admin, "/api/v1/incidents");
        Assert.DoesNotContain("s3cret", problem, StringComparison.Ordinal);
        await AssertUnavailableAsync(factory.Anonymous(), "/incidents");
        await AssertUnavailableAsync(admin, "/openapi/v1.json");
        Assert.False(factory.Services.GetRequiredService<DatabaseReadiness>().IsReady);
    }

    [PostgresFact]
    public async Task AStart_WhileTheDatabaseRefusesConnections_BecomesReady_WhenItAcceptsThemAgain()
    {
        var connection = await TestDatabases.NewPostgresDatabaseAsync();
        var name = new NpgsqlConnectionStringBuilder(connection).Database!;
        var data = TestDatabases.TempDirectory();
        await PostPublicUpdateAsync(connection, data);
        await AllowConnectionsAsync(name, allow: false);
        try
        {
            await using var factory = new FirebreakFactory(connection) { DataDirectory = data, Config = Config };
            await AssertServedFromSnapshotAsync(factory);
            using var admin = factory.Admin();
            await AssertUnavailableAsync(admin, "/api/v1/incidents");

            await AllowConnectionsAsync(name, allow: true);
            var readiness = factory.Services.GetRequiredService<DatabaseReadiness>();
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
            {
                Assert.True(await readiness.WaitUntilReadyAsync(timeout.Token), "The server never became ready after the database came back.");
            }

            using (var list = await admin.GetAsync("/api/v1/incidents"))
            {
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                Assert.Contains("Checkout errors", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // The change feed runs and the snapshot's loop rebuilds the page from a new public update by itself.
            var id = (await admin.DeclareAsync(new { title = "Search is slow", severity = "SEV-3", services = new[] { "checkout" } })).Long("id");
            await admin.PostUpdateAsync(id, "Search answers slowly; we are on it.", "public", "investigating");
            using var anonymous = factory.Anonymous();
            var clock = Stopwatch.StartNew();
            string page;
            do
            {
                await Task.Delay(100);
                page = await anonymous.GetStringAsync("/status");
            }
            while (!page.Contains("Search answers slowly", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(30));

            Assert.Contains("Search answers slowly", page, StringComparison.Ordinal);
            Assert.Contains(Update, page, StringComparison.Ordinal);
        }
        finally
        {
            await AllowConnectionsAsync(name, allow: true);
        }
    }

    [PostgresFact]
    public async Task AStart_OnAServerThatAnswersButRefuses_StillFails_InsteadOfWaiting()
    {
        var connection = await TestDatabases.NewPostgresDatabaseAsync();
        var missing = new NpgsqlConnectionStringBuilder(connection) { Database = $"missing_{Guid.NewGuid():N}" }.ConnectionString;
        var factory = new FirebreakFactory(missing) { Config = Config };
        try
        {
            var error = Record.Exception(() => factory.Services);
            var refused = Assert.IsType<PostgresException>(error, exactMatch: false);
            Assert.Equal(PostgresErrorCodes.InvalidCatalogName, refused.SqlState);
        }
        finally
        {
            try
            {
                await factory.DisposeAsync();
            }
            catch (PostgresException)
            {
                // The host never started.
            }
        }
    }

    // A first server on the live database writes the snapshot to the data folder, then stops.
    private static async Task PostPublicUpdateAsync(string connection, string data)
    {
        await using var factory = new FirebreakFactory(connection) { DataDirectory = data, Config = Config, SchedulerLoop = false };
        using var admin = factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "Checkout errors", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");
        await admin.PostUpdateAsync(id, Update, "public", "investigating");
        await factory.Services.GetRequiredService<StatusSnapshots>().RebuildAsync(CancellationToken.None);
        Assert.Contains(Update, await File.ReadAllTextAsync(Path.Combine(data, "status-snapshot.json")), StringComparison.Ordinal);
    }

    private static async Task AssertServedFromSnapshotAsync(FirebreakFactory factory)
    {
        using var anonymous = factory.Anonymous();
        using (var page = await anonymous.GetAsync("/status"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains(Update, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var summary = await anonymous.GetAsync("/api/v2/summary.json"))
        {
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
            Assert.Contains("Checkout errors", await summary.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var feed = await anonymous.GetAsync("/status/feed.atom"))
        {
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
            Assert.Contains(Update, await feed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var health = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static async Task<string> AssertUnavailableAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("unreachable; retrying", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return body;
    }

    private static async Task AllowConnectionsAsync(string database, bool allow)
    {
        await using var root = new NpgsqlConnection(TestDatabases.PostgresAdminConnection);
        await root.OpenAsync();
        var sql = allow
            ? $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true"
            : $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid();";
        await using var command = new NpgsqlCommand(sql, root);
        await command.ExecuteNonQueryAsync();
        NpgsqlConnection.ClearAllPools();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>
/// Maintenance: scheduled with its window, listed as upcoming, started and completed by the scheduler
/// at its times (also after a restart: the deadline is a durable row), its components under
/// maintenance while it runs unless an incident says worse; moved on by hand in order; called off with
/// a reason.
/// </summary>
public sealed class MaintenanceTests : IAsyncDisposable
{
    private static readonly DateTimeOffset StartsAt = ResponseApi.Start.AddHours(2);
    private static readonly DateTimeOffset EndsAt = ResponseApi.Start.AddHours(4);

    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;

    public MaintenanceTests() => _factory = new FirebreakFactory { Config = StatusPageKit.Config, Clock = _clock, SchedulerLoop = false };

    private static object Window(string[]? components = null, DateTimeOffset? starts = null, DateTimeOffset? ends = null, string title = "Database upgrade") => new
    {
        title,
        message = "We upgrade the database; the API may be slow.",
        components = components ?? ["API"],
        startsAt = starts ?? StartsAt,
        endsAt = ends ?? EndsAt,
    };

    private static async Task<JsonElement> ScheduleAsync(HttpClient client, object? body = null) =>
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/api/v1/maintenances", body ?? Window()), HttpStatusCode.Created);

    private static async Task<JsonElement> GetAsync(HttpClient client, string id) =>
        await HttpAssert.JsonAsync(await client.GetAsync($"/api/v1/maintenances/{id}"));

    private static Task<HttpResponseMessage> ProgressAsync(HttpClient client, string id, string status, long? ifMatch = null, string? message = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/maintenances/{id}/progress") { Content = JsonContent.Create(new { status, message }) };
        if (ifMatch is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        }

        return client.SendAsync(request);
    }

    [Fact]
    public async Task Scheduling_Answers201WithMNT1_AndTheMaintenanceIsUpcoming()
    {
        using var admin = _factory.Admin();
        using var rita = await _factory.UserAsync("rita");

        var scheduled = await ScheduleAsync(rita, Window(["api", "Search"]));
        Assert.Equal(("MNT-1", "scheduled", "rita"), (scheduled.Str("key"), scheduled.Str("status"), scheduled.Str("createdBy")));
        Assert.Equal(["API", "Search"], scheduled.GetProperty("components").Strings());
        Assert.Equal((StartsAt, EndsAt), (scheduled.GetProperty("startsAt").GetDateTimeOffset(), scheduled.GetProperty("endsAt").GetDateTimeOffset()));
        Assert.Equal(scheduled.Normalized(), (await GetAsync(admin, "MNT-1")).Normalized());
        Assert.Equal(scheduled.Normalized(), (await GetAsync(admin, "1")).Normalized());
        Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/maintenances"))).Items());

        var upcoming = Assert.Single((await _factory.PublicJsonAsync("/api/v2/scheduled-maintenances/upcoming.json")).Maintenances());
        Assert.Equal(("Database upgrade", "scheduled", "maintenance"), (upcoming.Str("name"), upcoming.Str("status"), upcoming.Str("impact")));
        Assert.Equal(("2026-03-14T11:00:00.000Z", "2026-03-14T13:00:00.000Z"), (upcoming.Str("scheduled_for"), upcoming.Str("scheduled_until")));
        Assert.Equal(["API", "Search"], upcoming.GetProperty("components").EnumerateArray().Select(c => c.Str("name")).Order(StringComparer.Ordinal));
        Assert.Empty((await _factory.PublicJsonAsync("/api/v2/scheduled-maintenances/active.json")).Maintenances());
        // Scheduled is not under maintenance yet.
        Assert.Equal("operational", (await _factory.PublicStatusesAsync())["API"]);
    }

    [Fact]
    public async Task ABadSchedule_Is400NamingTheField_AndSchedulesNothing()
    {
        using var admin = _factory.Admin();

        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/maintenances", Window(starts: EndsAt, ends: StartsAt)), "endsAt");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/maintenances", Window(starts: StartsAt, ends: StartsAt)), "endsAt");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/maintenances", Window(["Billing"])), "components", "Billing", "Checkout, Search, API");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/maintenances", Window([])), "components");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/maintenances", Window(starts: ResponseApi.Start.AddHours(-3), ends: ResponseApi.Start.AddHours(-1))), "endsAt");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/maintenances", Window(title: "")), "title");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/maintenances", new { title = "x", message = "y", components = new[] { "API" }, endsAt = EndsAt }), "startsAt");
        using (var viewer = await _factory.UserAsync("vera", "viewer"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/maintenances", Window())).StatusCode);
        }

        Assert.Empty((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/maintenances"))).Items());
        Assert.Empty((await _factory.PublicJsonAsync("/api/v2/scheduled-maintenances.json")).Maintenances());
        // The first that is accepted is still MNT-1.
        Assert.Equal("MNT-1", (await ScheduleAsync(admin)).Str("key"));
    }

    [Fact]
    public async Task AtItsStart_TheSchedulerStartsIt_ItsComponentsAreUnderMaintenance_UntilTheEndCompletesIt()
    {
        using var admin = _factory.Admin();
        await ScheduleAsync(admin);

        _clock.Advance(TimeSpan.FromMinutes(125));
        Assert.True(await _factory.RunSchedulerAsync() >= 1);
        var started = await GetAsync(admin, "MNT-1");
        Assert.Equal("in_progress", started.Str("status"));
        Assert.Equal(ResponseApi.Start.AddMinutes(125), started.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal("The scheduled maintenance has started.", started.GetProperty("notes").EnumerateArray().Last().Str("message"));

        var statuses = await _factory.PublicStatusesAsync();
        Assert.Equal(("under_maintenance", "operational", "operational"), (statuses["API"], statuses["Checkout"], statuses["Search"]));
        var active = Assert.Single((await _factory.PublicJsonAsync("/api/v2/scheduled-maintenances/active.json")).Maintenances());
        Assert.Equal(("Database upgrade", "in_progress"), (active.Str("name"), active.Str("status")));
        Assert.Empty((await _factory.PublicJsonAsync("/api/v2/scheduled-maintenances/upcoming.json")).Maintenances());
        var summary = await _factory.PublicJsonAsync("/api/v2/summary.json");
        var listed = Assert.Single(summary.Maintenances());
        Assert.Equal(("Database upgrade", "in_progress", "2026-03-14T11:00:00.000Z"), (listed.Str("name"), listed.Str("status"), listed.Str("scheduled_for")));
        Assert.Equal("maintenance", summary.GetProperty("status").Str("indicator"));

        // An incident's impact on the same component says worse than maintenance: it wins.
        var id = (await admin.DeclareAsync(new { title = "API errors during the upgrade", severity = "SEV-3", components = new Dictionary<string, string> { ["API"] = "partial_outage" } })).Long("id");
        await admin.PostUpdateAsync(id, "API calls fail more than planned.", "public", "investigating");
        Assert.Equal("partial_outage", (await _factory.PublicStatusesAsync())["API"]);
        await admin.PostUpdateAsync(id, "The errors are gone.", "public", "resolved");
        Assert.Equal("under_maintenance", (await _factory.PublicStatusesAsync())["API"]);

        _clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await _factory.RunSchedulerAsync() >= 1);
        var done = await GetAsync(admin, "MNT-1");
        Assert.Equal("completed", done.Str("status"));
        Assert.Equal(ResponseApi.Start.AddMinutes(245), done.GetProperty("completedAt").GetDateTimeOffset());
        Assert.Empty(done.GetProperty("next").EnumerateArray());
        Assert.Equal("operational", (await _factory.PublicStatusesAsync())["API"]);
        Assert.Empty((await _factory.PublicJsonAsync("/api/v2/scheduled-maintenances/active.json")).Maintenances());
        Assert.Equal("completed", Assert.Single((await _factory.PublicJsonAsync("/api/v2/scheduled-maintenances.json")).Maintenances()).Str("status"));

        // Run again: nothing more happens.
        await _factory.RunSchedulerAsync();
        Assert.Equal(done.Long("version"), (await GetAsync(admin, "MNT-1")).Long("version"));
    }

    [Fact]
    public async Task TheStartDeadline_SurvivesARestart_AndTheNextServerStartsIt()
    {
        var data = TestDatabases.TempDirectory();
        try
        {
            await using (var first = new FirebreakFactory { DataDirectory = data, Config = StatusPageKit.Config, Clock = new FakeClock(ResponseApi.Start), SchedulerLoop = false })
            {
                using var admin = first.Admin();
                Assert.Equal("MNT-1", (await ScheduleAsync(admin)).Str("key"));
            }

            var clock = new FakeClock(StartsAt.AddMinutes(5));
            await using var second = new FirebreakFactory { DataDirectory = data, Config = StatusPageKit.Config, Clock = clock, SchedulerLoop = false };
            using var again = second.Admin();
            Assert.Equal("scheduled", (await GetAsync(again, "MNT-1")).Str("status"));

            Assert.True(await second.RunSchedulerAsync() >= 1);

            var started = await GetAsync(again, "MNT-1");
            Assert.Equal(("in_progress", StartsAt.AddMinutes(5)), (started.Str("status"), started.GetProperty("startedAt").GetDateTimeOffset()));
            Assert.Equal("under_maintenance", (await second.PublicStatusesAsync())["API"]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    [Fact]
    public async Task MovingOnByHand_GoesForwardOnly_AndAStaleIfMatchIs409()
    {
        using var admin = _factory.Admin();
        var scheduled = await ScheduleAsync(admin);
        var version = scheduled.Long("version");

        await HttpAssert.InvalidAsync(await ProgressAsync(admin, "MNT-1", "scheduled"), "status");
        await HttpAssert.InvalidAsync(await ProgressAsync(admin, "MNT-1", "cancelled"), "status");
        await HttpAssert.InvalidAsync(await ProgressAsync(admin, "MNT-1", "paused"), "status", "paused");
        Assert.Equal(version, (await GetAsync(admin, "MNT-1")).Long("version"));

        var started = await HttpAssert.JsonAsync(await ProgressAsync(admin, "MNT-1", "in_progress", version, "Starting early."));
        Assert.Equal("in_progress", started.Str("status"));
        Assert.Equal("Starting early.", started.GetProperty("notes").EnumerateArray().Last().Str("message"));
        Assert.Equal(["verifying", "completed"], started.GetProperty("next").Strings());

        // The version the client read before is stale now.
        await HttpAssert.ProblemAsync(await ProgressAsync(admin, "MNT-1", "verifying", version), HttpStatusCode.Conflict);
        await HttpAssert.InvalidAsync(await ProgressAsync(admin, "MNT-1", "in_progress", started.Long("version")), "status", "in_progress");

        var verifying = await HttpAssert.JsonAsync(await ProgressAsync(admin, "MNT-1", "verifying", started.Long("version")));
        await HttpAssert.InvalidAsync(await ProgressAsync(admin, "MNT-1", "in_progress"), "status");
        var completed = await HttpAssert.JsonAsync(await ProgressAsync(admin, "MNT-1", "completed", verifying.Long("version")));
        Assert.Equal("completed", completed.Str("status"));
        await HttpAssert.InvalidAsync(await ProgressAsync(admin, "MNT-1", "completed"), "status");
        await HttpAssert.ProblemAsync(await ProgressAsync(admin, "MNT-9", "in_progress"), HttpStatusCode.NotFound);
        Assert.Equal("operational", (await _factory.PublicStatusesAsync())["API"]);
    }

    [Fact]
    public async Task Cancelling_NeedsAReason_AndThePageNoLongerListsItAsUpcoming()
    {
        using var admin = _factory.Admin();
        await ScheduleAsync(admin);
        Assert.Single((await _factory.PublicJsonAsync("/api/v2/scheduled-maintenances/upcoming.json")).Maintenances());
        Assert.Contains("Database upgrade", await _factory.PublicTextAsync("/status"), StringComparison.Ordinal);

        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/maintenances/MNT-1/cancel", new { }), "reason");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/maintenances/MNT-1/cancel", new { reason = "  " }), "reason");
        Assert.Equal("scheduled", (await GetAsync(admin, "MNT-1")).Str("status"));

        var cancelled = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/maintenances/MNT-1/cancel", new { reason = "The vendor postponed the upgrade" }));
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Contains("The vendor postponed the upgrade", cancelled.GetProperty("notes").EnumerateArray().Last().Str("message"), StringComparison.Ordinal);

        Assert.Empty((await _factory.PublicJsonAsync("/api/v2/scheduled-maintenances/upcoming.json")).Maintenances());
        Assert.Empty((await _factory.PublicJsonAsync("/api/v2/summary.json")).Maintenances());
        Assert.DoesNotContain("Database upgrade", await _factory.PublicTextAsync("/status"), StringComparison.Ordinal);
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/maintenances/MNT-1/cancel", new { reason = "again" }), "status");

        // Its start passing changes nothing.
        _clock.Advance(TimeSpan.FromHours(3));
        await _factory.RunSchedulerAsync();
        Assert.Equal("cancelled", (await GetAsync(admin, "MNT-1")).Str("status"));
        Assert.Equal("operational", (await _factory.PublicStatusesAsync())["API"]);
    }

    [Fact]
    public async Task CancellingOneInProgress_PutsItsComponentsBack_AndAStaleIfMatchIs409()
    {
        using var admin = _factory.Admin();
        var scheduled = await ScheduleAsync(admin);
        _clock.Advance(TimeSpan.FromMinutes(130));
        await _factory.RunSchedulerAsync();
        Assert.Equal("under_maintenance", (await _factory.PublicStatusesAsync())["API"]);

        using (var stale = new HttpRequestMessage(HttpMethod.Post, "/api/v1/maintenances/MNT-1/cancel") { Content = JsonContent.Create(new { reason = "Rolled back" }) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", $"\"{scheduled.Long("version")}\"");
            await HttpAssert.ProblemAsync(await admin.SendAsync(stale), HttpStatusCode.Conflict);
        }

        Assert.Equal("in_progress", (await GetAsync(admin, "MNT-1")).Str("status"));
        var cancelled = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/maintenances/MNT-1/cancel", new { reason = "Rolled back" }));
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal("operational", (await _factory.PublicStatusesAsync())["API"]);
        Assert.Empty((await _factory.PublicJsonAsync("/api/v2/scheduled-maintenances/active.json")).Maintenances());
        // Statuspage has no cancelled: one called off after it began reads as completed.
        Assert.Equal("completed", Assert.Single((await _factory.PublicJsonAsync("/api/v2/scheduled-maintenances.json")).Maintenances()).Str("status"));

        // Its end passing changes nothing more.
        _clock.Advance(TimeSpan.FromHours(3));
        await _factory.RunSchedulerAsync();
        Assert.Equal(cancelled.Long("version"), (await GetAsync(admin, "MNT-1")).Long("version"));
    }

    [Fact]
    public async Task AfterARestartPastItsEnd_TheSchedulerStartsAndCompletesIt()
    {
        var data = TestDatabases.TempDirectory();
        try
        {
            await using (var first = new FirebreakFactory { DataDirectory = data, Config = StatusPageKit.Config, Clock = new FakeClock(ResponseApi.Start), SchedulerLoop = false })
            {
                using var admin = first.Admin();
                await ScheduleAsync(admin);
            }

            await using var second = new FirebreakFactory { DataDirectory = data, Config = StatusPageKit.Config, Clock = new FakeClock(EndsAt.AddMinutes(1)), SchedulerLoop = false };
            using var again = second.Admin();
            await second.RunSchedulerAsync();

            var done = await GetAsync(again, "MNT-1");
            Assert.Equal("completed", done.Str("status"));
            Assert.Equal(["scheduled", "in_progress", "completed"], done.GetProperty("notes").EnumerateArray().Select(n => n.Str("status")));
            Assert.Equal("operational", (await second.PublicStatusesAsync())["API"]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    [Fact]
    public async Task AMaintenanceStartedByTheScheduler_ReachesThePublicJson_WithoutAnExplicitRebuild()
    {
        using var admin = _factory.Admin();
        await ScheduleAsync(admin);
        _clock.Advance(TimeSpan.FromMinutes(125));
        await _factory.RunSchedulerAsync();

        using var anonymous = _factory.Anonymous();
        var seen = "none";
        for (var attempt = 0; attempt < 100 && seen != "in_progress"; attempt++)
        {
            // Before the first build the page answers 503; that is "not yet" too.
            using var response = await anonymous.GetAsync("/api/v2/scheduled-maintenances.json");
            seen = response.StatusCode != HttpStatusCode.OK ? $"{(int)response.StatusCode}"
                : (await HttpAssert.JsonAsync(response)).Maintenances().Select(m => m.Str("status")).SingleOrDefault() ?? "none";
            if (seen != "in_progress")
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal("in_progress", seen);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}

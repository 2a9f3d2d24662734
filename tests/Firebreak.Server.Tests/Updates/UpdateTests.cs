using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Updates;

/// <summary>
/// Stakeholder updates: posting one (internal or public) restarts the update cadence of the
/// incident's level, drafts fill the templates from the incident, and a severity change moves the
/// next deadline.
/// </summary>
public sealed class UpdateTests : IDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;
    private readonly HttpClient _admin;

    public UpdateTests()
    {
        _factory = new FirebreakFactory { Clock = _clock, SchedulerLoop = false };
        _admin = _factory.Admin();
    }

    [Fact]
    public async Task InternalAndPublicUpdates_EachRestartTheCadence()
    {
        var declared = await _admin.DeclareAsync("Checkout returns 502", "SEV-2");
        var id = declared.Long("id");
        Assert.True(declared.IsNull("lastUpdateAt"));
        Assert.Equal(ResponseApi.Start.AddMinutes(30), declared.Time("nextUpdateDue"));
        Assert.False(declared.GetProperty("updateOverdue").GetBoolean());

        _clock.Advance(TimeSpan.FromMinutes(12));
        var internalUpdate = await _admin.PostUpdateAsync(id, "Rolling back deploy 42");
        Assert.Equal(ResponseApi.Start.AddMinutes(12), internalUpdate.Time("lastUpdateAt"));
        Assert.Equal(ResponseApi.Start.AddMinutes(42), internalUpdate.Time("nextUpdateDue"));
        Assert.Equal("Internal update: Rolling back deploy 42", (await _admin.TimelineAsync(id)).Items()[^1].Str("text"));

        _clock.Advance(TimeSpan.FromMinutes(31));
        var overdue = await _admin.GetIncidentAsync(id);
        Assert.True(overdue.GetProperty("updateOverdue").GetBoolean());
        Assert.Contains("silence", overdue.FindingIds());

        var publicUpdate = await _admin.PostUpdateAsync(id, "We found the cause and are fixing it", "public", "identified");
        Assert.Equal(ResponseApi.Start.AddMinutes(43), publicUpdate.Time("lastUpdateAt"));
        Assert.Equal(ResponseApi.Start.AddMinutes(73), publicUpdate.Time("nextUpdateDue"));
        Assert.False(publicUpdate.GetProperty("updateOverdue").GetBoolean());
        Assert.DoesNotContain("silence", publicUpdate.FindingIds());
        Assert.Single(await _admin.OfTypeAsync(id, "incident.update-posted.v1"), u => u.Str("text") == "Public update (identified): We found the cause and are fixing it");
    }

    [Fact]
    public async Task PublicUpdate_WithoutStatus_TakesTheIncidentsStatus()
    {
        var id = await _admin.DeclareIdAsync("Checkout returns 502", "SEV-3");
        await _admin.ChangeStatusAsync(id, "monitoring");

        await _admin.PostUpdateAsync(id, "A fix is out", "PUBLIC");

        Assert.Equal("Public update (monitoring): A fix is out", (await _admin.TimelineAsync(id)).Items()[^1].Str("text"));
    }

    [Fact]
    public async Task PublicUpdate_FromSomeoneOtherThanTheCommsLead_IsRecordedAsManyVoices()
    {
        using var carla = await _factory.UserAsync("carla");
        var id = await _admin.DeclareIdAsync("Checkout returns 502", "SEV-2");
        await _admin.CommandAsync(id, "roles", new { role = "comms-lead", user = "carla" });

        var fromCarla = await carla.PostUpdateAsync(id, "Investigating", "public");
        Assert.DoesNotContain("many-voices", fromCarla.FindingIds());
        Assert.Empty(await _admin.NudgesAsync(id, "many-voices"));

        var fromAdmin = await _admin.PostUpdateAsync(id, "Still investigating", "public");
        Assert.Contains("many-voices", fromAdmin.FindingIds());
        Assert.Contains("carla is the comms lead", Assert.Single(await _admin.NudgesAsync(id, "many-voices")).Str("text"), StringComparison.Ordinal);

        // Internal updates are anyone's to post.
        await _admin.PostUpdateAsync(id, "Internal note for the team");
        Assert.Single(await _admin.NudgesAsync(id, "many-voices"));
    }

    [Fact]
    public async Task Draft_FillsTheTemplateThatFitsTheIncident()
    {
        var id = (await _admin.DeclareAsync(new { title = "Card payments fail", severity = "SEV-2", services = new[] { "checkout", "payments" }, impact = "EU customers cannot pay by card" })).Long("id");
        var before = await _admin.SnapshotAsync(id);

        var declared = await HttpAssert.JsonAsync(await _admin.GetAsync(IncidentApi.Url(id, "updates/draft")));
        Assert.Equal(($"INC-{id}", "declared", "investigating"), (declared.Str("incident"), declared.Str("template"), declared.Str("publicStatus")));
        Assert.Equal(
            "We are investigating an issue with checkout, payments: Card payments fail. Impact: EU customers cannot pay by card. Severity SEV-2, started 09:00 UTC. Next update by 09:30 UTC.",
            declared.Str("text"));
        Assert.Equal(["declared", "investigating", "identified", "monitoring", "resolved"], declared.GetProperty("templates").Strings());

        _clock.Advance(TimeSpan.FromMinutes(65));
        var resolved = await HttpAssert.JsonAsync(await _admin.GetAsync(IncidentApi.Url(id, "updates/draft?template=Resolved")));
        Assert.Equal(("resolved", "resolved"), (resolved.Str("template"), resolved.Str("publicStatus")));
        Assert.Equal("Card payments fail is resolved. It lasted 1 h 5 min, from 09:00 UTC. Impact: EU customers cannot pay by card. A review will follow; thank you for your patience.", resolved.Str("text"));

        // Drafting writes nothing; after an update and a status change the fitting template moves on.
        var after = await _admin.SnapshotAsync(id);
        Assert.Equal((before.Version, before.TimelineItems), (after.Version, after.TimelineItems));
        await _admin.PostUpdateAsync(id, "Investigating");
        Assert.Equal("investigating", (await HttpAssert.JsonAsync(await _admin.GetAsync(IncidentApi.Url(id, "updates/draft")))).Str("template"));
        await _admin.ChangeStatusAsync(id, "identified");
        var identified = await HttpAssert.JsonAsync(await _admin.GetAsync(IncidentApi.Url(id, "updates/draft")));
        Assert.Equal(("identified", "identified"), (identified.Str("template"), identified.Str("publicStatus")));
        Assert.DoesNotContain("{{", identified.Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_UsesTheTemplateFromFirebreakYaml()
    {
        await using var factory = new FirebreakFactory
        {
            Clock = _clock,
            SchedulerLoop = false,
            Config = """
                templates:
                  declared: "{{key}} ({{severity}}, {{status}}): {{title}}. Commander: {{commander}}. {{ summary }}"
                """,
        };
        using var admin = factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "Search is slow", severity = "P2", summary = "p99 at 4 s", commander = "admin" })).Long("id");

        var draft = await HttpAssert.JsonAsync(await admin.GetAsync(IncidentApi.Url(id, "updates/draft")));

        Assert.Equal($"INC-{id} (SEV-3, investigating): Search is slow. Commander: admin. p99 at 4 s", draft.Str("text"));
    }

    [Fact]
    public async Task Draft_WithAnUnknownTemplate_Is400NamingTheTemplates()
    {
        var id = await _admin.DeclareIdAsync();
        var before = await _admin.SnapshotAsync(id);

        await HttpAssert.InvalidAsync(await _admin.GetAsync(IncidentApi.Url(id, "updates/draft?template=weekly")), "template", "no template 'weekly'", "declared, investigating, identified, monitoring, resolved");

        Assert.Equal(before, await _admin.SnapshotAsync(id));
    }

    [Fact]
    public async Task SeverityChange_MovesTheNextUpdateDeadline()
    {
        var id = await _admin.DeclareIdAsync("Search is slow", "SEV-3");
        Assert.Equal(ResponseApi.Start.AddMinutes(60), (await _admin.GetIncidentAsync(id)).Time("nextUpdateDue"));

        var upgraded = await _admin.CommandAsync(id, "severity", new { severity = "SEV-1", reason = "All search is down" });
        Assert.Equal(ResponseApi.Start.AddMinutes(15), upgraded.Time("nextUpdateDue"));
        Assert.Equal(["commander", "comms-lead", "tech-lead"], upgraded.GetProperty("rolesRequired").Strings());
        Assert.Equal(["commander", "comms-lead", "tech-lead"], upgraded.GetProperty("missingRoles").Strings());

        _clock.Advance(TimeSpan.FromMinutes(16));
        Assert.True((await _admin.GetIncidentAsync(id)).GetProperty("updateOverdue").GetBoolean());

        var downgraded = await _admin.CommandAsync(id, "severity", new { severity = "SEV-4", reason = "Only the admin search" });
        Assert.True(downgraded.IsNull("nextUpdateDue"));
        Assert.False(downgraded.GetProperty("updateOverdue").GetBoolean());
        Assert.DoesNotContain("silence", downgraded.FindingIds());
        Assert.Empty(downgraded.GetProperty("rolesRequired").EnumerateArray());
    }

    [Fact]
    public async Task ResolvedIncident_HasNoUpdateDeadline_ButAsksForTheResolutionUpdate()
    {
        var id = await _admin.DeclareIdAsync("Search is slow", "SEV-3");
        var resolved = await _admin.ResolveAsync(id);
        Assert.True(resolved.IsNull("nextUpdateDue"));
        Assert.Contains("silent-resolve", resolved.FindingIds());

        var announced = await _admin.PostUpdateAsync(id, "Search is fast again", "public", "resolved");

        Assert.DoesNotContain("silent-resolve", announced.FindingIds());
    }

    [Fact]
    public async Task PublicHistory_MarksSkippedSteps_AndAShortMonitoringStep()
    {
        var id = (await _admin.DeclareAsync("Checkout returns 502", "SEV-2")).Long("id");
        await _admin.PostUpdateAsync(id, "We are looking into failed payments.", "public", "investigating");
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _admin.PostUpdateAsync(id, "A fix is out; we are watching it.", "public", "monitoring");
        _clock.Advance(TimeSpan.FromMinutes(3));
        var incident = await _admin.PostUpdateAsync(id, "Payments work again.", "public", "resolved");

        var history = incident.GetProperty("publicHistory").EnumerateArray().ToList();
        Assert.Equal(["investigating", "monitoring", "resolved"], history.Select(h => h.Str("status")));
        Assert.True(history[0].IsNull("text"));
        Assert.Equal("skipped: identified; monitoring lasted 3 min, less than the 15 min monitoring window", history[1].Str("text"));
        Assert.True(history[2].IsNull("text"));

        var updates = (await _admin.TimelineAsync(id)).Items().Where(i => i.Str("type") == "incident.update-posted.v1").ToList();
        Assert.False(updates[0].TryGetProperty("publicMarks", out _));
        Assert.Equal("skipped: identified; monitoring lasted 3 min, less than the 15 min monitoring window", updates[1].Str("publicMarks"));
        Assert.False(updates[2].TryGetProperty("publicMarks", out _));

        (await _factory.UserAsync("rosa")).Dispose();
        using var web = await WebSession.SignInAsync(_factory, "rosa", FirebreakFactory.UserPassword);
        var room = await (await web.GetAsync($"/incidents/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("Public status history", room, StringComparison.Ordinal);
        Assert.Contains("(skipped: identified; monitoring lasted 3 min, less than the 15 min monitoring window)", room, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }
}

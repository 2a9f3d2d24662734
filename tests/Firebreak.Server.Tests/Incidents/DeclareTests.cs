using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>Declaring an incident: 201 with Location and ETag, and the incident as it will be shown.</summary>
public sealed class DeclareTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task Declare_Is201WithLocationETagAndTheIncident()
    {
        using var alice = await _factory.UserAsync("alice");
        var startedAt = DateTimeOffset.UtcNow.AddMinutes(-30);

        var response = await alice.PostAsJsonAsync(IncidentApi.Incidents, new
        {
            title = "  Checkout returns 502  ",
            severity = "SEV-2",
            summary = "Payments fail after the 14:00 deploy",
            impact = "About 30% of checkouts fail",
            services = new[] { "checkout", "payments" },
            startedAt,
        });

        var incident = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("/api/v1/incidents/1", response.Headers.Location?.OriginalString);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(1, incident.Long("id"));
        Assert.Equal("INC-1", incident.Str("key"));
        Assert.Equal(2, incident.Long("version"));
        Assert.Equal("Checkout returns 502", incident.Str("title"));
        Assert.Equal("SEV-2", incident.Str("severity"));
        Assert.Equal("investigating", incident.Str("status"));
        Assert.False(incident.GetProperty("private").GetBoolean());
        Assert.Equal("Payments fail after the 14:00 deploy", incident.Str("summary"));
        Assert.Equal("About 30% of checkouts fail", incident.Str("impact"));
        Assert.Equal(["checkout", "payments"], incident.GetProperty("services").Strings());
        Assert.Equal(startedAt, incident.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal("alice", incident.Str("declaredBy"));
        Assert.Equal(["alice"], incident.GetProperty("responders").Strings());
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("commander").ValueKind);
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("resolvedAt").ValueKind);
        Assert.Empty(incident.GetProperty("pinned").EnumerateArray());
        Assert.Equal(["identified", "monitoring", "resolved"], incident.GetProperty("allowedStatuses").Strings());

        // What the SEV-2 policy expects of it now.
        Assert.Equal(["commander", "comms-lead"], incident.GetProperty("rolesRequired").Strings());
        Assert.Equal(["commander", "comms-lead"], incident.GetProperty("missingRoles").Strings());
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("lastUpdateAt").ValueKind);
        Assert.Equal(incident.GetProperty("declaredAt").GetDateTimeOffset().AddMinutes(30), incident.GetProperty("nextUpdateDue").GetDateTimeOffset());
        Assert.False(incident.GetProperty("updateOverdue").GetBoolean());
        var finding = Assert.Single(incident.GetProperty("findings").EnumerateArray());
        Assert.Equal(("roles-required", "info"), (finding.Str("guardrail"), finding.Str("level")));
        Assert.Contains("commander, comms-lead", finding.Str("message"), StringComparison.Ordinal);
        Assert.Empty(incident.GetProperty("mitigations").EnumerateArray());
        Assert.Empty(incident.GetProperty("hypotheses").EnumerateArray());
        Assert.Empty(incident.GetProperty("checklists").EnumerateArray());
        Assert.Equal(0, incident.Long("evidenceCount"));
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("verification").ValueKind);
    }

    [Fact]
    public async Task Declare_ThenLocation_ShowsTheSameIncidentAndETag()
    {
        using var admin = _factory.Admin();
        var response = await admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Search is slow", severity = "SEV-3" });
        var declared = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);

        var shown = await admin.GetAsync(response.Headers.Location);
        Assert.Equal(declared.GetRawText(), (await HttpAssert.JsonAsync(shown)).GetRawText());
        Assert.Equal(response.Headers.ETag?.Tag, shown.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("INC-1")]
    [InlineData("inc-1")]
    [InlineData("1")]
    public async Task Show_AcceptsNumberOrKey(string id)
    {
        using var admin = _factory.Admin();
        await admin.DeclareIdAsync("Search is slow");
        var shown = await HttpAssert.JsonAsync(await admin.GetAsync($"{IncidentApi.Incidents}/{id}"));
        Assert.Equal("INC-1", shown.Str("key"));
    }

    [Theory]
    [InlineData("P0", "SEV-1")]
    [InlineData("sev2", "SEV-2")]
    [InlineData("p2", "SEV-3")]
    [InlineData("4", "SEV-4")]
    [InlineData(" SEV-1 ", "SEV-1")]
    public async Task Declare_WithSeverityAlias_StoresTheCanonicalLevel(string given, string stored)
    {
        using var admin = _factory.Admin();
        var declared = await admin.DeclareAsync("Checkout down", given);
        Assert.Equal(stored, declared.Str("severity"));
    }

    [Fact]
    public async Task Declare_DropsDuplicateServicesIgnoringCase()
    {
        using var admin = _factory.Admin();
        var declared = await admin.DeclareAsync(new { title = "API errors", severity = "SEV-2", services = new[] { "api", "API", " web " } });
        Assert.Equal(["api", "web"], declared.GetProperty("services").Strings());
    }

    [Fact]
    public async Task Declare_InTriageWithCommander_RecordsBoth()
    {
        using (await _factory.UserAsync("carol"))
        {
        }

        using var admin = _factory.Admin();
        var response = await admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Odd latency", severity = "SEV-3", status = "triage", commander = "Carol" });
        var declared = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);

        Assert.Equal("triage", declared.Str("status"));
        Assert.Equal("carol", declared.Str("commander"));
        Assert.Equal("carol", declared.GetProperty("roles").Str("commander"));
        Assert.Equal(3, declared.Long("version"));
        Assert.Equal("\"3\"", response.Headers.ETag?.Tag);
        Assert.Equal(["investigating", "identified"], declared.GetProperty("allowedStatuses").Strings());
    }

    [Fact]
    public async Task Declare_WritesTheDeclarationAndTheDeclarerJoiningToTheTimeline()
    {
        using var alice = await _factory.UserAsync("alice");
        var id = await alice.DeclareIdAsync("Checkout down", "P1", isPrivate: true);

        var timeline = await alice.TimelineAsync(id);
        Assert.Equal("INC-1", timeline.Str("incident"));
        Assert.Equal(JsonValueKind.Null, timeline.GetProperty("nextAfter").ValueKind);
        var items = timeline.Items();
        Assert.Equal(2, items.Count);
        Assert.Equal((1L, "incident.declared.v1", "declared", "Declared SEV-2: Checkout down (private)", "alice"), (items[0].Long("version"), items[0].Str("type"), items[0].Str("kind"), items[0].Str("text"), items[0].Str("actor")));
        Assert.Equal((2L, "incident.responder-joined.v1", "participation", "alice joined"), (items[1].Long("version"), items[1].Str("type"), items[1].Str("kind"), items[1].Str("text")));
    }

    [Fact]
    public async Task Declare_NumbersIncidentsInOrder()
    {
        using var admin = _factory.Admin();
        Assert.Equal(1, await admin.DeclareIdAsync("First"));
        Assert.Equal(2, await admin.DeclareIdAsync("Second"));
        Assert.Equal(3, await admin.DeclareIdAsync("Third"));
    }

    public void Dispose() => _factory.Dispose();
}

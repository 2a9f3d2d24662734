using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Core.Investigation;

namespace Firebreak.Server.Tests.Triage;

/// <summary>
/// The triage assistant: POST /triage suggests a level and writes nothing; declaring with triage
/// answers records them, takes the suggested level when none is given, and a suspected breach makes
/// the incident private with a security checklist whose items are ticked through their own route.
/// </summary>
public sealed class TriageTests : IDisposable
{
    private readonly FirebreakFactory _factory = new() { SchedulerLoop = false };
    private readonly HttpClient _admin;

    public TriageTests()
    {
        _admin = _factory.Admin();
    }

    private static readonly object Breach = new { usersAffected = "some", coreFeatureBroken = "no", workaround = "yes", dataLoss = "no", securityBreach = "yes", recentChange = "no" };

    [Theory]
    [InlineData("""{"usersAffected":"all","coreFeatureBroken":"yes","workaround":"no","dataLoss":"no","securityBreach":"no"}""", "SEV-1", 1, "Most or all users cannot use a core feature", false)]
    [InlineData("""{"usersAffected":"most","coreFeatureBroken":"yes","workaround":"yes","dataLoss":"no","securityBreach":"no"}""", "SEV-2", 2, "a workaround exists", false)]
    [InlineData("""{"usersAffected":"some","coreFeatureBroken":"yes","workaround":"yes","dataLoss":"no","securityBreach":"no"}""", "SEV-3", 3, "Some users are hit", false)]
    [InlineData("""{"usersAffected":"none","coreFeatureBroken":"no","workaround":"yes","dataLoss":"no","securityBreach":"no"}""", "SEV-4", 4, "No user is affected", false)]
    [InlineData("""{"usersAffected":"none","coreFeatureBroken":"no","dataLoss":"yes","securityBreach":"no"}""", "SEV-1", 1, "Data is being lost", false)]
    [InlineData("{}", "SEV-1", 1, "Data loss is not ruled out", true)]
    public async Task Triage_SuggestsALevelWithReasons_AndWritesNothing(string answers, string severity, int rank, string reason, bool isPrivate)
    {
        var suggestion = await HttpAssert.JsonAsync(await _admin.PostRawAsync("/api/v1/triage", answers));

        Assert.Equal((severity, rank), (suggestion.Str("severity"), suggestion.GetProperty("rank").GetInt32()));
        Assert.Contains(suggestion.GetProperty("reasons").Strings(), r => r.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(isPrivate, suggestion.GetProperty("private").GetBoolean());
        Assert.Empty(suggestion.GetProperty("checklist").EnumerateArray());
        Assert.Equal(0, await _admin.TotalAsync());
    }

    [Fact]
    public async Task Triage_OfABreachNotRuledOut_SuggestsTheBreachLevelAndPrivateWithoutTheChecklist()
    {
        var suggestion = await HttpAssert.JsonAsync(await _admin.PostAsJsonAsync("/api/v1/triage", new { usersAffected = "none", coreFeatureBroken = "no", workaround = "yes", dataLoss = "no", securityBreach = "unknown" }));

        Assert.Equal(("SEV-1", 1), (suggestion.Str("severity"), suggestion.GetProperty("rank").GetInt32()));
        Assert.True(suggestion.GetProperty("private").GetBoolean());
        Assert.Empty(suggestion.GetProperty("checklist").EnumerateArray());
        Assert.Contains(suggestion.GetProperty("reasons").Strings(), r => r.Contains("keep it private until someone checks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Triage_OfASuspectedBreach_SuggestsSev1PrivateWithTheSecurityChecklist()
    {
        var suggestion = await HttpAssert.JsonAsync(await _admin.PostAsJsonAsync("/api/v1/triage", Breach));

        Assert.Equal("SEV-1", suggestion.Str("severity"));
        Assert.True(suggestion.GetProperty("private").GetBoolean());
        Assert.Equal(6, suggestion.GetProperty("checklist").GetArrayLength());
        Assert.Contains("Preserve evidence", suggestion.GetProperty("checklist")[1].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triage_AdviceFollowsTheAnswers()
    {
        var suggestion = await HttpAssert.JsonAsync(await _admin.PostAsJsonAsync("/api/v1/triage", new { usersAffected = "some", coreFeatureBroken = "no", dataLoss = "no", securityBreach = "no", recentChange = "yes", rollbackPossible = "yes", startedAt = "2026-03-14T08:50:00Z" }));

        Assert.Equal(["A recent change is suspected and can be rolled back: roll it back first, investigate after."], suggestion.GetProperty("advice").Strings());
    }

    [Fact]
    public async Task Triage_WithAnUnknownAnswer_Is400NamingTheFieldAsSent()
    {
        await HttpAssert.InvalidAsync(await _admin.PostAsJsonAsync("/api/v1/triage", new { usersAffected = "lots" }), "usersAffected", "'lots' is not an answer", "none, some, most, all or unknown");
        await HttpAssert.InvalidAsync(await _admin.PostAsJsonAsync("/api/v1/triage", new { dataLoss = "perhaps" }), "dataLoss", "yes, no or unknown");
        Assert.Equal(0, await _admin.TotalAsync());
    }

    [Fact]
    public async Task Declare_WithBreachTriage_IsPrivateSev1_WithTheSecurityChecklist_AndTheAnswersOnTheTimeline()
    {
        using var bob = await _factory.UserAsync("bob");

        var declared = await _admin.DeclareAsync(new { title = "Customer data on a public bucket", triage = Breach });

        var id = declared.Long("id");
        Assert.Equal("SEV-1", declared.Str("severity"));
        Assert.True(declared.GetProperty("private").GetBoolean());
        var checklist = Assert.Single(declared.GetProperty("checklists").EnumerateArray());
        Assert.Equal("security", checklist.Str("name"));
        Assert.Equal(6, checklist.GetProperty("items").GetArrayLength());
        Assert.Empty(checklist.GetProperty("done").EnumerateArray());
        var items = (await _admin.TimelineAsync(id)).Items();
        Assert.Equal(["declared", "participation", "triage", "checklist"], items.Select(i => i.Str("kind")));
        Assert.StartsWith("Triage suggested SEV-1: A security breach is suspected", items[2].Str("text"), StringComparison.Ordinal);
        Assert.StartsWith("Checklist 'security' added: 1. Keep the incident private", items[3].Str("text"), StringComparison.Ordinal);

        await HttpAssert.ProblemAsync(await bob.GetAsync(IncidentApi.Url(id)), HttpStatusCode.NotFound);
        Assert.Equal(0, await bob.TotalAsync());
    }

    [Fact]
    public async Task Declare_WithTriageAndASeverity_KeepsTheGivenSeverity()
    {
        var declared = await _admin.DeclareAsync(new { title = "Search is slow", severity = "SEV-3", triage = new { usersAffected = "all", coreFeatureBroken = "yes", workaround = "no" } });

        Assert.Equal("SEV-3", declared.Str("severity"));
        Assert.False(declared.GetProperty("private").GetBoolean());
        Assert.Empty(declared.GetProperty("checklists").EnumerateArray());
        Assert.Contains((await _admin.TimelineAsync(declared.Long("id"))).Items(), i => i.Str("text").StartsWith("Triage suggested SEV-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Declare_WithAnUnknownTriageAnswer_Is400NamingTheNestedFieldAndDeclaresNothing()
    {
        await HttpAssert.InvalidAsync(await _admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "x", triage = new { securityBreach = "maybe" } }), "triage.securityBreach", "yes, no or unknown");
        await HttpAssert.InvalidAsync(await _admin.PostRawAsync(IncidentApi.Incidents, """{"title":"x","triage":{"breach":"yes"}}"""), "triage.breach", "Unknown field");
        Assert.Equal(0, await _admin.TotalAsync());
    }

    [Fact]
    public async Task ChecklistItem_IsTickedOnce_ByNameInAnyCase()
    {
        var id = (await _admin.DeclareAsync(new { title = "Customer data on a public bucket", triage = Breach })).Long("id");

        var ticked = await _admin.CommandAsync(id, "checklists/security/items/2", new { });
        Assert.Equal([2L], ticked.GetProperty("checklists")[0].GetProperty("done").Longs());
        var entry = (await _admin.TimelineAsync(id)).Items()[^1];
        Assert.Equal(("checklist", "Checklist 'security' item 2 done", "admin"), (entry.Str("kind"), entry.Str("text"), entry.Str("actor")));

        var again = await _admin.CommandAsync(id, "checklists/SECURITY/items/2", new { });
        Assert.Equal(ticked.Long("version"), again.Long("version"));

        var more = await _admin.CommandAsync(id, "checklists/Security/items/6", new { });
        Assert.Equal([2L, 6L], more.GetProperty("checklists")[0].GetProperty("done").Longs());
    }

    [Fact]
    public async Task ChecklistItem_OutOfRangeOrOnAnUnknownChecklist_IsRefusedAndWritesNothing()
    {
        var id = (await _admin.DeclareAsync(new { title = "Customer data on a public bucket", triage = Breach })).Long("id");
        var plain = await _admin.DeclareIdAsync("No checklists here");
        var before = await _admin.SnapshotAsync(id);

        await HttpAssert.InvalidAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(id, "checklists/security/items/7"), new { }), "item", "items 1 to 6");
        await HttpAssert.InvalidAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(id, "checklists/security/items/0"), new { }), "item", "items 1 to 6");
        await HttpAssert.ProblemAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(id, "checklists/legal/items/1"), new { }), HttpStatusCode.NotFound, "no checklist 'legal'", "it has security");
        await HttpAssert.ProblemAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(plain, "checklists/security/items/1"), new { }), HttpStatusCode.NotFound, "no checklist 'security'");

        Assert.Equal(before, await _admin.SnapshotAsync(id));
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }
}

using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Triage;

/// <summary>The severity levels in force, from the built-in scale or firebreak.yaml: listed, resolved at declare, and applied.</summary>
public sealed class SeverityPolicyTests
{
    private const string Renamed = """
        severities:
          - name: Critical
            aliases: [P0, crit]
            meaning: Everyone is down.
            updateCadence: 10m
            rolesRequired: [commander, scribe]
            monitoringWindow: 5m
          - name: Major
            aliases: [P1]
          - name: Minor
            updateCadence: none
        """;

    [Fact]
    public async Task Severities_ListTheBuiltInLevelsAndTheirPolicies()
    {
        await using var factory = new FirebreakFactory { SchedulerLoop = false };
        using var admin = factory.Admin();

        var levels = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/severities"))).EnumerateArray().ToList();

        Assert.Equal(["SEV-1", "SEV-2", "SEV-3", "SEV-4"], levels.Select(l => l.Str("name")));
        Assert.Equal([1, 2, 3, 4], levels.Select(l => l.GetProperty("rank").GetInt32()));
        Assert.Equal(["P0", "SEV1", "1"], levels[0].GetProperty("aliases").Strings());
        Assert.Equal([5.0, 15.0, 60.0, 1440.0], levels.Select(l => l.GetProperty("responseTargetMinutes").GetDouble()));
        Assert.Equal([15.0, 30.0, 60.0], levels.Take(3).Select(l => l.GetProperty("updateCadenceMinutes").GetDouble()));
        Assert.True(levels[3].IsNull("updateCadenceMinutes"));
        Assert.Equal(["commander", "comms-lead", "tech-lead"], levels[0].GetProperty("rolesRequired").Strings());
        Assert.Equal([true, true, false, false], levels.Select(l => l.GetProperty("postmortemRequired").GetBoolean()));
        Assert.All(levels, l => Assert.Equal(15.0, l.GetProperty("monitoringWindowMinutes").GetDouble()));
        Assert.All(levels, l => Assert.False(string.IsNullOrWhiteSpace(l.Str("meaning"))));
    }

    [Fact]
    public async Task Severities_FromFirebreakYaml_ReplaceTheBuiltInOnes_AndInheritWhatTheyLeaveOut()
    {
        await using var factory = new FirebreakFactory { Config = Renamed, SchedulerLoop = false };
        using var admin = factory.Admin();

        var levels = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/severities"))).EnumerateArray().ToList();

        Assert.Equal(["Critical", "Major", "Minor"], levels.Select(l => l.Str("name")));
        Assert.Equal(["P0", "crit"], levels[0].GetProperty("aliases").Strings());
        Assert.Equal("Everyone is down.", levels[0].Str("meaning"));
        Assert.Equal((10.0, 5.0), (levels[0].GetProperty("updateCadenceMinutes").GetDouble(), levels[0].GetProperty("monitoringWindowMinutes").GetDouble()));
        Assert.Equal(["commander", "scribe"], levels[0].GetProperty("rolesRequired").Strings());
        Assert.Equal(30.0, levels[1].GetProperty("updateCadenceMinutes").GetDouble());
        Assert.Equal(["commander", "comms-lead"], levels[1].GetProperty("rolesRequired").Strings());
        Assert.True(levels[2].IsNull("updateCadenceMinutes"));
        Assert.Empty(levels[2].GetProperty("aliases").EnumerateArray());
    }

    [Fact]
    public async Task Declare_WithAnAliasFromFirebreakYaml_TakesThatLevelAndItsPolicy()
    {
        await using var factory = new FirebreakFactory { Config = Renamed, Clock = new FakeClock(ResponseApi.Start), SchedulerLoop = false };
        using var admin = factory.Admin();

        var declared = await admin.DeclareAsync("Everything is down", "CRIT");

        Assert.Equal("Critical", declared.Str("severity"));
        Assert.Equal(["commander", "scribe"], declared.GetProperty("rolesRequired").Strings());
        Assert.Equal(["commander", "scribe"], declared.GetProperty("missingRoles").Strings());
        Assert.Equal(ResponseApi.Start.AddMinutes(10), declared.Time("nextUpdateDue"));
        Assert.Equal(1, await admin.TotalAsync("?severity=crit"));
        Assert.Equal("Minor", (await admin.DeclareAsync("Typo on the status page", "minor")).Str("severity"));

        var triage = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/triage", new { usersAffected = "none", coreFeatureBroken = "no", dataLoss = "no", securityBreach = "no" }));
        Assert.Equal(("Minor", 3), (triage.Str("severity"), triage.GetProperty("rank").GetInt32()));
    }

    [Fact]
    public async Task Declare_WithABuiltInNameTheYamlRemoved_Is400ListingTheLevelsInForce()
    {
        await using var factory = new FirebreakFactory { Config = Renamed, SchedulerLoop = false };
        using var admin = factory.Admin();

        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Down", severity = "SEV-1" }), "severity", "Unknown severity 'SEV-1'", "Critical (P0), Major (P1), Minor");
        await HttpAssert.InvalidAsync(await admin.GetAsync(IncidentApi.Incidents + "?severity=SEV-2"), "severity", "Critical (P0)");
        Assert.Equal(0, await admin.TotalAsync());
    }

    [Fact]
    public async Task Severities_IsAGetOnly()
    {
        await using var factory = new FirebreakFactory { SchedulerLoop = false };
        using var admin = factory.Admin();

        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/severities", new { name = "SEV-0" }), HttpStatusCode.MethodNotAllowed);
        Assert.Equal(4, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/severities"))).GetArrayLength());
    }
}

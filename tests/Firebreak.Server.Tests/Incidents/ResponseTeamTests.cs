using System.Text.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>Who works on an incident: roles and handoffs, joining and leaving the response.</summary>
public sealed class ResponseTeamTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task AssignRole_ThenHandOff_TimelineNamesFromAndTo()
    {
        using var alice = await _factory.UserAsync("alice");
        using (await _factory.UserAsync("bob"))
        {
        }

        var id = await alice.DeclareIdAsync();

        var assigned = await alice.CommandAsync(id, "roles", new { role = "commander", user = "alice" });
        Assert.Equal("alice", assigned.Str("commander"));

        var handedOff = await alice.CommandAsync(id, "roles", new { role = "commander", user = "Bob" });
        Assert.Equal("bob", handedOff.Str("commander"));
        Assert.Equal("bob", handedOff.GetProperty("roles").Str("commander"));

        var roleEvents = (await alice.TimelineAsync(id)).Items().Where(i => i.Str("kind") == "role").ToList();
        Assert.Equal(["alice is commander", "commander handed off from alice to bob"], roleEvents.Select(i => i.Str("text")));
        Assert.All(roleEvents, e => Assert.Equal("incident.role-assigned.v1", e.Str("type")));
    }

    [Fact]
    public async Task AssignRole_SeveralRoles_IncludingAliasesAndCustomOnes()
    {
        using var admin = _factory.Admin();
        using (await _factory.UserAsync("bob"))
        using (await _factory.UserAsync("carol"))
        {
        }

        var id = await admin.DeclareIdAsync();
        await admin.CommandAsync(id, "roles", new { role = "IC", user = "admin" });
        await admin.CommandAsync(id, "roles", new { role = "comms_lead", user = "bob" });
        var incident = await admin.CommandAsync(id, "roles", new { role = "db-wrangler", user = "carol" });

        var roles = incident.GetProperty("roles").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { ["commander"] = "admin", ["comms-lead"] = "bob", ["db-wrangler"] = "carol" }, roles);

        // Holding a role is not the same as responding.
        Assert.Equal(["admin"], incident.GetProperty("responders").Strings());
    }

    [Fact]
    public async Task Join_ThenLeave_ChangesTheResponders()
    {
        using var admin = _factory.Admin();
        using var bob = await _factory.UserAsync("bob");
        var id = await admin.DeclareIdAsync();

        var joined = await bob.CommandAsync(id, "join", new { });
        Assert.Equal(["admin", "bob"], joined.GetProperty("responders").Strings());
        Assert.Equal("bob joined", (await bob.TimelineAsync(id)).Items()[^1].Str("text"));

        var left = await HttpAssert.JsonAsync(await bob.PostAsync(IncidentApi.Url(id, "leave"), null));
        Assert.Equal(["admin"], left.GetProperty("responders").Strings());
        var last = (await bob.TimelineAsync(id)).Items()[^1];
        Assert.Equal(("participation", "bob left", "incident.responder-left.v1"), (last.Str("kind"), last.Str("text"), last.Str("type")));
    }

    [Fact]
    public async Task Join_Twice_RecordsItOnce()
    {
        using var admin = _factory.Admin();
        using var bob = await _factory.UserAsync("bob");
        var id = await admin.DeclareIdAsync();

        var first = await HttpAssert.JsonAsync(await bob.PostAsync(IncidentApi.Url(id, "join"), null));
        var second = await HttpAssert.JsonAsync(await bob.PostAsync(IncidentApi.Url(id, "join"), null));

        Assert.Equal(first.Long("version"), second.Long("version"));
        Assert.Equal(["admin", "bob"], second.GetProperty("responders").Strings());
        Assert.Single((await admin.TimelineAsync(id)).Items(), i => i.Str("text") == "bob joined");
    }

    [Fact]
    public async Task Commander_CannotLeaveWhileIncidentIsActive_ButCanOnceResolved()
    {
        using var alice = await _factory.UserAsync("alice");
        var id = await alice.DeclareIdAsync();
        await alice.CommandAsync(id, "roles", new { role = "commander", user = "alice" });
        var before = await alice.SnapshotAsync(id);

        await HttpAssert.InvalidAsync(await alice.PostAsync(IncidentApi.Url(id, "leave"), null), "role", "alice is the commander", "hand the commander role");
        Assert.Equal(before, await alice.SnapshotAsync(id));

        await alice.ResolveAsync(id);
        var left = await HttpAssert.JsonAsync(await alice.PostAsync(IncidentApi.Url(id, "leave"), null));
        Assert.Empty(left.GetProperty("responders").EnumerateArray());
        Assert.Equal("alice", left.Str("commander"));
    }

    [Fact]
    public async Task Commander_CanLeaveAfterHandingOff()
    {
        using var alice = await _factory.UserAsync("alice");
        using (await _factory.UserAsync("bob"))
        {
        }

        var id = await alice.DeclareIdAsync();
        await alice.CommandAsync(id, "roles", new { role = "commander", user = "alice" });
        await alice.CommandAsync(id, "roles", new { role = "commander", user = "bob" });

        var left = await HttpAssert.JsonAsync(await alice.PostAsync(IncidentApi.Url(id, "leave"), null));
        Assert.DoesNotContain("alice", left.GetProperty("responders").Strings());
    }

    [Fact]
    public async Task Leave_DoesNotEndPrivateMembership()
    {
        using var alice = await _factory.UserAsync("alice");
        using var bob = await _factory.UserAsync("bob");
        var id = await alice.DeclareIdAsync(isPrivate: true);
        await alice.CommandAsync(id, "roles", new { role = "scribe", user = "bob" });
        await bob.CommandAsync(id, "join", new { });
        await HttpAssert.JsonAsync(await bob.PostAsync(IncidentApi.Url(id, "leave"), null));

        // Members are everyone who ever took part: bob can still read what he worked on.
        var shown = await bob.GetIncidentAsync(id);
        Assert.DoesNotContain("bob", shown.GetProperty("responders").Strings());
        Assert.Equal(JsonValueKind.String, shown.GetProperty("title").ValueKind);
    }

    public void Dispose() => _factory.Dispose();
}

using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Access;

/// <summary>Admins create accounts, change roles and disable accounts; the change applies at once.</summary>
public sealed class UserAdministrationTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task Admin_CreatesUser_WhoCanSignInWithThePassword()
    {
        using var admin = _factory.Admin();
        var created = await HttpAssert.JsonAsync(
            await admin.PostAsJsonAsync("/api/v1/users", new { username = "Alice", displayName = "Alice A.", role = "responder", password = "a-long-password-1" }),
            HttpStatusCode.Created);

        var user = created.GetProperty("user");
        Assert.Equal("alice", user.Str("username"));
        Assert.Equal("Alice A.", user.Str("displayName"));
        Assert.Equal("responder", user.Str("role"));
        Assert.False(user.GetProperty("disabled").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("password").ValueKind);

        using var alice = _factory.Basic("alice", "a-long-password-1");
        Assert.Equal("alice", (await HttpAssert.JsonAsync(await alice.GetAsync("/api/v1/me"))).Str("username"));
    }

    [Fact]
    public async Task Admin_CreatesUserWithoutPassword_GetsAGeneratedOneShownOnce()
    {
        using var admin = _factory.Admin();
        var created = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/users", new { username = "bob" }), HttpStatusCode.Created);
        var password = created.Str("password");
        Assert.True(password.Length >= 12, $"Generated password '{password}' is shorter than 12 characters.");
        Assert.Equal("responder", created.GetProperty("user").Str("role"));

        using var bob = _factory.Basic("bob", password);
        await HttpAssert.JsonAsync(await bob.GetAsync("/api/v1/me"));

        var listing = await admin.GetAsync("/api/v1/users");
        var text = await listing.Content.ReadAsStringAsync();
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Admin_ChangesRole_AppliesToTheUsersExistingToken()
    {
        using var vera = await _factory.UserAsync("vera", "viewer");
        await HttpAssert.ProblemAsync(await vera.PostAsJsonAsync(IncidentApi.Incidents, new { title = "x", severity = "SEV-3" }), HttpStatusCode.Forbidden);

        using var admin = _factory.Admin();
        var updated = await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/vera", new { role = "responder" }));
        Assert.Equal("responder", updated.Str("role"));

        var declared = await vera.DeclareAsync("Promoted and declaring");
        Assert.Equal("vera", declared.Str("declaredBy"));
    }

    [Fact]
    public async Task Admin_DisablesUser_TheirTokenAndPasswordAre401UntilReenabled()
    {
        using var rita = await _factory.UserAsync("rita");
        await HttpAssert.JsonAsync(await rita.GetAsync("/api/v1/me"));

        using var admin = _factory.Admin();
        var disabled = await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/rita", new { disabled = true }));
        Assert.True(disabled.GetProperty("disabled").GetBoolean());

        await HttpAssert.ProblemAsync(await rita.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(await rita.PostAsJsonAsync(IncidentApi.Incidents, new { title = "x", severity = "SEV-3" }), HttpStatusCode.Unauthorized);
        using var ritaBasic = _factory.Basic("rita", FirebreakFactory.UserPassword);
        await HttpAssert.ProblemAsync(await ritaBasic.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        Assert.Equal(0, await admin.TotalAsync());

        await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/rita", new { disabled = false }));
        await HttpAssert.JsonAsync(await rita.GetAsync("/api/v1/me"));
    }

    [Fact]
    public async Task DisabledUser_CannotBeGivenAnIncidentRole()
    {
        using (await _factory.UserAsync("rita"))
        {
        }

        using var admin = _factory.Admin();
        await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/rita", new { disabled = true }));
        var id = await admin.DeclareIdAsync();
        var before = await admin.SnapshotAsync(id);

        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(IncidentApi.Url(id, "roles"), new { role = "scribe", user = "rita" }), "user", "rita");
        Assert.Equal(before, await admin.SnapshotAsync(id));
    }

    [Fact]
    public async Task Admin_CannotDisableThemselves()
    {
        using var admin = _factory.Admin();
        await HttpAssert.InvalidAsync(await admin.PatchAsJsonAsync("/api/v1/users/admin", new { disabled = true }), "username", "yourself");
        await HttpAssert.InvalidAsync(await admin.PatchAsJsonAsync("/api/v1/users/admin", new { role = "viewer" }), "username");

        var users = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/users"));
        var self = users.EnumerateArray().Single(u => u.Str("username") == "admin");
        Assert.Equal("admin", self.Str("role"));
        Assert.False(self.GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task CreateUser_WithTakenUsername_Is409()
    {
        using (await _factory.UserAsync("rita"))
        {
        }

        using var admin = _factory.Admin();
        await HttpAssert.ProblemAsync(
            await admin.PostAsJsonAsync("/api/v1/users", new { username = "RITA", password = "another-long-password" }),
            HttpStatusCode.Conflict,
            "rita",
            "taken");
    }

    [Theory]
    [InlineData("""{"username":"has space"}""", "username", "lowercase")]
    [InlineData("""{"username":""}""", "username", "1–64")]
    [InlineData("""{"username":"carol","role":"superuser"}""", "role", "viewer, responder or admin")]
    [InlineData("""{"username":"carol","password":"short"}""", "password", "12")]
    [InlineData("""{"username":"carol","nickname":"c"}""", "nickname", "Unknown field")]
    public async Task CreateUser_WithBadInput_Is400AndCreatesNobody(string body, string field, string detail)
    {
        using var admin = _factory.Admin();
        await HttpAssert.InvalidAsync(await admin.PostRawAsync("/api/v1/users", body), field, detail);

        var users = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/users"));
        Assert.Equal(1, users.GetArrayLength());
    }

    [Fact]
    public async Task UpdateUser_Unknown_Is404()
    {
        using var admin = _factory.Admin();
        await HttpAssert.ProblemAsync(await admin.PatchAsJsonAsync("/api/v1/users/ghost", new { role = "viewer" }), HttpStatusCode.NotFound, "ghost");
    }

    [Fact]
    public async Task ChangePassword_NeedsTheCurrentOne_ThenTheNewOneWorks()
    {
        using var rita = await _factory.UserAsync("rita");
        await HttpAssert.InvalidAsync(
            await rita.PostAsJsonAsync("/api/v1/me/password", new { current = "wrong-password-x", @new = "brand-new-password" }),
            "current");
        await HttpAssert.InvalidAsync(
            await rita.PostAsJsonAsync("/api/v1/me/password", new { current = FirebreakFactory.UserPassword, @new = "short" }),
            "new",
            "12");

        await HttpAssert.StatusAsync(
            await rita.PostAsJsonAsync("/api/v1/me/password", new { current = FirebreakFactory.UserPassword, @new = "brand-new-password" }),
            HttpStatusCode.NoContent);

        using var oldPassword = _factory.Basic("rita", FirebreakFactory.UserPassword);
        await HttpAssert.ProblemAsync(await oldPassword.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        using var newPassword = _factory.Basic("rita", "brand-new-password");
        await HttpAssert.JsonAsync(await newPassword.GetAsync("/api/v1/me"));
    }

    public void Dispose() => _factory.Dispose();
}

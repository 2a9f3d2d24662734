using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Audit;

/// <summary>Every security-relevant action leaves an audit entry that admins can read and filter.</summary>
public sealed class AuditLogTests : IAsyncDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task EachListedAction_IsRecorded_WithActorSubjectAndTime()
    {
        using var admin = _factory.Admin();
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/users", new { username = "bob", role = "viewer", password = FirebreakFactory.UserPassword }), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/bob", new { role = "responder" }));

        using (var browser = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword))
        {
            await browser.PostFormAsync("/account", "/signout", []);
        }

        using (var refused = WebSession.Anonymous(_factory))
        {
            await refused.PostFormAsync("/signin", "/signin", [("username", "bob"), ("password", "not-it")]);
        }

        using var bob = _factory.Basic("bob", FirebreakFactory.UserPassword);
        var token = await HttpAssert.JsonAsync(await bob.PostAsJsonAsync("/api/v1/tokens", new { name = "laptop" }), HttpStatusCode.Created);
        using var bobToken = _factory.WithToken(token.Str("token"));
        await HttpAssert.StatusAsync(await bobToken.DeleteAsync($"/api/v1/tokens/{token.Long("id")}"), HttpStatusCode.NoContent);

        using var carol = await _factory.UserAsync("carol");
        await HttpAssert.StatusAsync(await carol.PostAsJsonAsync("/api/v1/me/password", new { current = FirebreakFactory.UserPassword, @new = "another-long-password" }), HttpStatusCode.NoContent);
        var id = await carol.DeclareIdAsync("Card data may be exposed", isPrivate: true);
        await carol.CommandAsync(id, "roles", new { role = "comms-lead", user = "bob" });
        await carol.CommandAsync(id, "status", new { status = "resolved", @override = "Checked the payment logs by hand" });
        await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/carol", new { disabled = true }));
        await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/carol", new { disabled = false }));

        var entries = await EntriesAsync(admin, "?limit=1000");

        AssertEntry(entries, "account-created", "admin", "bob");
        AssertEntry(entries, "role-changed", "admin", "bob", "from viewer to responder");
        AssertEntry(entries, "sign-in", "bob", "bob", "web UI");
        AssertEntry(entries, "sign-out", "bob", "bob");
        AssertEntry(entries, "sign-in-failed", "bob", "bob", "wrong password");
        AssertEntry(entries, "sign-in", "bob", "bob", "API");
        AssertEntry(entries, "token-created", "bob", "bob", "laptop");
        AssertEntry(entries, "token-revoked", "bob", "bob");
        AssertEntry(entries, "password-changed", "carol", "carol");
        AssertEntry(entries, "member-added", "carol", $"INC-{id}", "bob became a member");
        AssertEntry(entries, "guardrail-overridden", "carol", $"INC-{id}", "Checked the payment logs by hand");
        AssertEntry(entries, "account-disabled", "admin", "carol");
        AssertEntry(entries, "account-enabled", "admin", "carol");
        Assert.All(entries, e => Assert.True(e.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal(entries.Select(e => e.Long("id")).OrderDescending(), entries.Select(e => e.Long("id")));
    }

    [Fact]
    public async Task FailedSignIn_OfAnUnknownAccount_IsRecordedUnderTheNameTried()
    {
        using var guess = _factory.Basic("mallory", "guess");
        await HttpAssert.ProblemAsync(await guess.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        using var admin = _factory.Admin();

        var entry = Assert.Single(await EntriesAsync(admin, "?kind=sign-in-failed"));

        Assert.Equal("mallory", entry.Str("actor"));
        Assert.Contains("no such account", entry.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_ByActorAndKind_AndPages()
    {
        using var admin = _factory.Admin();
        for (var i = 0; i < 3; i++)
        {
            await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/tokens", new { name = $"t{i}" }), HttpStatusCode.Created);
        }

        using var bob = await _factory.UserAsync("bob");

        var byBob = await EntriesAsync(admin, "?actor=BOB");
        Assert.All(byBob, e => Assert.Equal("bob", e.Str("actor")));
        Assert.Contains(byBob, e => e.Str("kind") == "token-created");

        Assert.Equal(["t2", "t1", "t0"], (await EntriesAsync(admin, "?kind=token-created&actor=admin")).Select(e => e.Str("detail").Split('\'')[1]));
        var bootstrap = Assert.Single(await EntriesAsync(admin, "?kind=token-created&actor=firebreak"));
        Assert.Equal("The admin's bootstrap token was created at first start.", bootstrap.Str("detail"));

        var first = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/audit?kind=token-created&actor=admin&limit=2"));
        Assert.Equal(2, first.GetProperty("entries").GetArrayLength());
        var rest = await HttpAssert.JsonAsync(await admin.GetAsync($"/api/v1/audit?kind=token-created&actor=admin&limit=2&before={first.Long("next")}"));
        Assert.Contains("'t0'", Assert.Single(rest.GetProperty("entries").EnumerateArray()).Str("detail"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("?kind=everything", "kind")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?before=-4", "before")]
    public async Task BadFilters_Are400NamingTheParameter(string query, string parameter)
    {
        using var admin = _factory.Admin();

        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/v1/audit" + query), HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task OnlyAdmins_ReadTheLog_ThroughTheApiAndThePage()
    {
        using var bob = await _factory.UserAsync("bob");
        await HttpAssert.ProblemAsync(await bob.GetAsync("/api/v1/audit"), HttpStatusCode.Forbidden);

        using var bobWeb = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var denied = await bobWeb.GetAsync("/admin/audit");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);

        using var admin = _factory.Admin();
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/users", new { username = "root", role = "admin", password = FirebreakFactory.UserPassword }), HttpStatusCode.Created);
        using var root = await WebSession.SignInAsync(_factory, "root", FirebreakFactory.UserPassword);
        using var page = await root.GetAsync("/admin/audit?kind=account-created");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("admin created the account root (admin).", html, StringComparison.Ordinal);
        Assert.DoesNotContain("signed in to the web UI", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileText_InTheLog_IsEscapedOnThePage()
    {
        using var admin = _factory.Admin();
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "<script>alert(1)</script>" }), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/users", new { username = "root", role = "admin", password = FirebreakFactory.UserPassword }), HttpStatusCode.Created);
        using var root = await WebSession.SignInAsync(_factory, "root", FirebreakFactory.UserPassword);

        var html = await (await root.GetAsync("/admin/audit?kind=token-created")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> EntriesAsync(HttpClient admin, string query) =>
        [.. (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/audit" + query))).GetProperty("entries").EnumerateArray()];

    private static void AssertEntry(List<JsonElement> entries, string kind, string actor, string subject, string? detail = null) =>
        Assert.True(
            entries.Any(e => e.Str("kind") == kind && e.Str("actor") == actor && e.Str("subject") == subject && (detail is null || e.Str("detail").Contains(detail, StringComparison.Ordinal))),
            $"No {kind} entry by {actor} on {subject}{(detail is null ? string.Empty : $" saying '{detail}'")}:\n{string.Join('\n', entries.Select(e => e.GetRawText()))}");

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}

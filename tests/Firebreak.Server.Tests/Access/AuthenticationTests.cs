using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Access;

/// <summary>Every /api route refuses callers without valid credentials, with a 401 problem.</summary>
public sealed class AuthenticationTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    public static TheoryData<string> BadCredentials => ["none", "bogus-bearer", "revoked-token", "wrong-password", "unknown-user", "malformed-basic", "empty-bearer"];

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task EveryApiRoute_WithoutValidCredentials_Is401ProblemAndWritesNothing(string credentials)
    {
        using var client = await ClientWithAsync(credentials);
        var routes = ApiRoutes.All(_factory.Services);

        // A broken enumeration must not pass for "every route is protected".
        Assert.NotEmpty(routes);
        Assert.Contains(routes, r => r is { Method: "POST", Pattern: "/api/v1/incidents" });
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/api/v1/incidents/{id}" });
        Assert.Contains(routes, r => r is { Method: "POST", Pattern: "/api/v1/triage" });
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/api/v1/severities" });
        Assert.Contains(routes, r => r is { Method: "POST", Pattern: "/api/v1/incidents/{id}/evidence/file", AcceptsJson: false });
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/api/v1/incidents/{id}/evidence/{evidence}/content" });

        var failures = new List<string>();
        foreach (var route in routes)
        {
            // A body of the type the route takes, so the refusal is about the credentials and nothing else.
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path) { Content = route.EmptyBody() };

            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.TooManyRequests && credentials is "wrong-password" or "unknown-user")
            {
                // After a few failed passwords the sign-in throttle refuses before checking: still a refusal.
                if (response.Headers.RetryAfter is null || response.Content.Headers.ContentType?.MediaType != HttpAssert.ProblemJson)
                {
                    failures.Add($"{route}: 429 without Retry-After or not problem+json: {body}");
                }

                continue;
            }

            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{route} ({route.Path}): {(int)response.StatusCode} {body}");
            }
            else if (response.Content.Headers.ContentType?.MediaType != HttpAssert.ProblemJson)
            {
                failures.Add($"{route}: 401 as {response.Content.Headers.ContentType?.MediaType}, not problem+json");
            }
            else if (!body.Contains("\"detail\"", StringComparison.Ordinal))
            {
                failures.Add($"{route}: 401 problem without a detail: {body}");
            }
            else if (response.Headers.WwwAuthenticate.Count == 0)
            {
                failures.Add($"{route}: 401 without a WWW-Authenticate challenge");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {routes.Count} routes were not refused with a 401 problem:\n{string.Join('\n', failures)}");

        using var admin = _factory.Admin();
        Assert.Equal(0, await admin.TotalAsync());
        var users = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/users"));
        Assert.Equal(["admin"], users.EnumerateArray().Select(u => u.Str("username")));
    }

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task EveryApiRouteWithABody_WithoutValidCredentials_AndTheWrongContentType_Is401Not415(string credentials)
    {
        using var client = await ClientWithAsync(credentials);
        var routes = ApiRoutes.All(_factory.Services).Where(r => r.AcceptsBody).ToList();
        Assert.True(routes.Count >= 20, $"Only {routes.Count} routes take a body.");

        var failures = new List<string>();
        foreach (var route in routes)
        {
            // A content type no route takes (the file upload takes any: it gets one that is not JSON).
            // After a few failed passwords the sign-in throttle refuses before checking (429): still a refusal.
            using var content = new StringContent("<incident/>", System.Text.Encoding.UTF8, route.AcceptsJson ? "application/xml" : "application/json");
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path) { Content = content };
            using var response = await client.SendAsync(request);
            var throttled = response.StatusCode == HttpStatusCode.TooManyRequests && credentials is "wrong-password" or "unknown-user" && response.Headers.RetryAfter is not null;
            if ((response.StatusCode != HttpStatusCode.Unauthorized && !throttled) || response.Content.Headers.ContentType?.MediaType != HttpAssert.ProblemJson)
            {
                failures.Add($"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} routes answered before asking for credentials:\n{string.Join('\n', failures)}");
        using var admin = _factory.Admin();
        Assert.Equal(0, await admin.TotalAsync());
    }

    /// <summary>What routing alone would answer (404 no such route, 405 wrong method, 415 wrong body type) waits for the credentials.</summary>
    [Theory]
    [InlineData("GET", "/api/v1/incidnets", null)]
    [InlineData("DELETE", "/api/v1/incidents/1", null)]
    [InlineData("PUT", "/api/v1/users", "application/json")]
    [InlineData("POST", "/api/v1/incidents", "text/plain")]
    [InlineData("POST", "/api/v1/incidents", "application/x-www-form-urlencoded")]
    [InlineData("POST", "/api/v1/incidents/1/timeline", "multipart/form-data; boundary=x")]
    [InlineData("POST", "/api/v1/triage", "text/csv")]
    public async Task Anonymous_IsAsked401BeforeRoutingAnswers(string method, string path, string? contentType)
    {
        using var anonymous = _factory.Anonymous();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null)
        {
            request.Content = new StringContent("x");
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        await HttpAssert.ProblemAsync(await anonymous.SendAsync(request), HttpStatusCode.Unauthorized, "Authorization: Bearer");
    }

    [Fact]
    public async Task Anonymous_Is401WithDetailSayingHowToSignIn()
    {
        using var anonymous = _factory.Anonymous();
        var problem = await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/v1/incidents"), HttpStatusCode.Unauthorized, "Authorization: Bearer");
        Assert.Equal("Authentication required", problem.Str("title"));
    }

    [Fact]
    public async Task BogusToken_Is401WithDetailSayingItWasNotAccepted()
    {
        using var client = _factory.WithToken("fb_not-a-real-token");
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "not accepted");
    }

    [Fact]
    public async Task BasicAuth_WithWrongPassword_Is401()
    {
        using (await _factory.UserAsync("alice"))
        {
        }

        using var wrong = _factory.Basic("alice", "not-the-password");
        await HttpAssert.ProblemAsync(await wrong.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "not accepted");
        await HttpAssert.ProblemAsync(await wrong.PostAsJsonAsync("/api/v1/tokens", new { name = "laptop" }), HttpStatusCode.Unauthorized);

        using var right = _factory.Basic("alice", FirebreakFactory.UserPassword);
        var me = await HttpAssert.JsonAsync(await right.GetAsync("/api/v1/me"));
        Assert.Equal("alice", me.Str("username"));
    }

    [Fact]
    public async Task BasicAuth_IgnoresUsernameCase()
    {
        using (await _factory.UserAsync("alice"))
        {
        }

        using var client = _factory.Basic("Alice", FirebreakFactory.UserPassword);
        var me = await HttpAssert.JsonAsync(await client.GetAsync("/api/v1/me"));
        Assert.Equal("alice", me.Str("username"));
    }

    [Fact]
    public async Task ValidToken_ReachesTheApi()
    {
        using var admin = _factory.Admin();
        var me = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/me"));
        Assert.Equal("admin", me.Str("username"));
        Assert.Equal("admin", me.Str("role"));
    }

    [Fact]
    public async Task Healthz_IsPublic()
    {
        using var anonymous = _factory.Anonymous();
        var response = await anonymous.GetAsync("/healthz");
        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpClient> ClientWithAsync(string credentials)
    {
        switch (credentials)
        {
            case "none":
                return _factory.Anonymous();
            case "bogus-bearer":
                return _factory.WithToken("fb_bogus0000000000000000000000000000000000000");
            case "empty-bearer":
                var empty = _factory.Anonymous();
                empty.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer ");
                return empty;
            case "revoked-token":
                using (var admin = _factory.Admin())
                {
                    var created = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "soon revoked" }), HttpStatusCode.Created);
                    await HttpAssert.StatusAsync(await admin.DeleteAsync($"/api/v1/tokens/{created.Long("id")}"), HttpStatusCode.NoContent);
                    return _factory.WithToken(created.Str("token"));
                }

            case "wrong-password":
                return _factory.Basic("admin", "wrong-password-123");
            case "unknown-user":
                return _factory.Basic("nobody", "whatever-password");
            case "malformed-basic":
                var malformed = _factory.Anonymous();
                malformed.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "!!!not-base64!!!");
                return malformed;
            default:
                throw new ArgumentOutOfRangeException(nameof(credentials), credentials, null);
        }
    }

    public void Dispose() => _factory.Dispose();
}

using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Http;

/// <summary>
/// Every response, whatever produced it, carries the browser protection headers; over https (or
/// from a loopback proxy that says so) also HSTS, and every cookie is Secure.
/// </summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private readonly FirebreakFactory _factory = new();

    public static TheoryData<string, string, HttpStatusCode> Responses => new()
    {
        { "sign-in page", "/signin", HttpStatusCode.OK },
        { "not-found page", "/no-such-page", HttpStatusCode.NotFound },
        { "redirect to the list", "/", HttpStatusCode.Found },
        { "redirect to sign-in", "/incidents", HttpStatusCode.Found },
        { "API 200", "/api/v1/me", HttpStatusCode.OK },
        { "API 401", "/api/v1/incidents", HttpStatusCode.Unauthorized },
        { "API problem 404", "/api/v1/no-such-route", HttpStatusCode.NotFound },
        { "API problem 400", "/api/v1/incidents?limit=0", HttpStatusCode.BadRequest },
        { "API 405", "POST /healthz", HttpStatusCode.MethodNotAllowed },
        { "script", "/assets/app.js", HttpStatusCode.OK },
        { "style", "/assets/app.css", HttpStatusCode.OK },
        { "unknown asset", "/assets/nothing.js", HttpStatusCode.NotFound },
        { "OpenAPI document", "/openapi/v1.json", HttpStatusCode.OK },
        { "health", "/healthz", HttpStatusCode.OK },
    };

    public async Task InitializeAsync()
    {
        using (await _factory.UserAsync("alice"))
        {
        }
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task EveryResponse_CarriesTheBrowserProtectionHeaders(string what, string request, HttpStatusCode status)
    {
        using var client = _factory.Browser();
        if (request.Contains("/api/v1/", StringComparison.Ordinal) && what != "API 401")
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", FirebreakFactory.AdminToken);
        }

        using var message = request.StartsWith("POST ", StringComparison.Ordinal)
            ? new HttpRequestMessage(HttpMethod.Post, request[5..])
            : new HttpRequestMessage(HttpMethod.Get, request);
        message.Headers.Accept.ParseAdd(request.StartsWith("/api/", StringComparison.Ordinal) ? "application/json" : "text/html");
        using var response = await client.SendAsync(message);

        await HttpAssert.StatusAsync(response, status);
        AssertProtected(response, what);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), $"{what}: HSTS over plain http");
    }

    [Fact]
    public async Task LiveTimeline_CarriesTheBrowserProtectionHeaders()
    {
        using var admin = _factory.Admin();
        var declared = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Checkout errors", severity = "SEV-2" }), HttpStatusCode.Created);
        using var browser = _factory.Browser();
        await HttpAssert.StatusAsync(await browser.SignInAsync("alice", FirebreakFactory.UserPassword), HttpStatusCode.Found);

        using var live = new CancellationTokenSource();
        using var response = await browser.GetAsync(new Uri($"/incidents/{declared.Long("id")}/live", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, live.Token);

        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        AssertProtected(response, "live timeline");
        await live.CancelAsync();
    }

    [Fact]
    public async Task OverHttps_HstsAndEveryCookieSecure()
    {
        using var browser = _factory.Browser("https://localhost");
        using var page = await browser.GetAsync(new Uri("/signin", UriKind.Relative));
        await HttpAssert.StatusAsync(page, HttpStatusCode.OK);
        Assert.Equal("max-age=31536000", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")));
        AssertProtected(page, "sign-in page over https");
        var antiforgery = Assert.Single(Cookies(page), c => c.StartsWith("firebreak-af=", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        using var signedIn = await browser.SignInAsync("alice", FirebreakFactory.UserPassword);
        await HttpAssert.StatusAsync(signedIn, HttpStatusCode.Found);
        Assert.Equal("max-age=31536000", Assert.Single(signedIn.Headers.GetValues("Strict-Transport-Security")));
        var session = Assert.Single(Cookies(signedIn), c => c.StartsWith("firebreak=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.All(Cookies(signedIn), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));

        using var list = await browser.GetAsync(new Uri("/incidents", UriKind.Relative));
        await HttpAssert.StatusAsync(list, HttpStatusCode.OK);
        Assert.Equal("max-age=31536000", Assert.Single(list.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task OverHttp_CookiesAreNotMarkedSecure_SoSigningInStillWorks()
    {
        using var browser = _factory.Browser("http://localhost");
        using var signedIn = await browser.SignInAsync("alice", FirebreakFactory.UserPassword);

        await HttpAssert.StatusAsync(signedIn, HttpStatusCode.Found);
        var session = Assert.Single(Cookies(signedIn), c => c.StartsWith("firebreak=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", session, StringComparison.OrdinalIgnoreCase);
        await HttpAssert.StatusAsync(await browser.GetAsync(new Uri("/incidents", UriKind.Relative)), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("203.0.113.9", false)]
    [InlineData("10.0.0.8", false)]
    public async Task ForwardedProto_IsBelievedOnlyFromALoopbackProxy(string proxy, bool believed)
    {
        using var behindProxy = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(new ConnectionFrom(IPAddress.Parse(proxy)))));
        using var client = behindProxy.CreateClient(new() { AllowAutoRedirect = false });
        using var message = new HttpRequestMessage(HttpMethod.Get, "/signin");
        message.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(message);

        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(believed, response.Headers.Contains("Strict-Transport-Security"));
        var antiforgery = Assert.Single(Cookies(response), c => c.StartsWith("firebreak-af=", StringComparison.Ordinal));
        Assert.Equal(believed, antiforgery.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    private static void AssertProtected(HttpResponseMessage response, string what)
    {
        var csp = Header(response, "Content-Security-Policy", what);
        foreach (var directive in new[]
        {
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
            "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'", "object-src 'none'",
        })
        {
            Assert.Contains(directive, csp.Split(';', StringSplitOptions.TrimEntries));
        }

        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options", what));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy", what));
        Assert.Equal("DENY", Header(response, "X-Frame-Options", what));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy", what));
        var permissions = Header(response, "Permissions-Policy", what);
        Assert.Contains("camera=()", permissions, StringComparison.Ordinal);
        Assert.Contains("microphone=()", permissions, StringComparison.Ordinal);
        Assert.Contains("geolocation=()", permissions, StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name, string what)
    {
        Assert.True(response.Headers.TryGetValues(name, out var values), $"{what} ({(int)response.StatusCode}) has no {name} header.");
        return Assert.Single(values);
    }

    private static List<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    /// <summary>Makes every request come from the given address, as a proxy's connection would.</summary>
    private sealed class ConnectionFrom(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate rest) =>
            {
                http.Connection.RemoteIpAddress = address;
                return rest(http);
            });
            next(app);
        };
    }
}

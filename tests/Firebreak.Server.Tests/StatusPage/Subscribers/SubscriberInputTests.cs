using System.Net;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.StatusPage.Subscribers;

/// <summary>
/// What the public sign-up and subscription links refuse: malformed addresses, unknown components,
/// sign-ups where email is not offered, too many sign-ups from one client, and any token that is not
/// a live subscription (404, never 500); the configuration it refuses at start; and the page's form.
/// </summary>
public sealed class SubscriberInputTests
{
    [Fact]
    public async Task AMalformedEmail_Is400ProblemJson_AndStoresNothing()
    {
        await using var s = await SubscriberServer.StartAsync();

        foreach (var bad in new[] { "not-an-email", "", "   ", "Ada <ada@example.com>", "ada@example.com, bob@example.com", "ada@example.com\r\nBcc: eve@example.com", new string('a', 250) + "@example.com" })
        {
            await HttpAssert.InvalidAsync(await s.SignUpJsonAsync(new { email = bad }), "email");
        }

        await HttpAssert.InvalidAsync(await s.SignUpJsonAsync(new { components = new[] { "Search" } }), "email");
        // The form gets an HTML page with the same refusal.
        using (var form = await s.SignUpFormAsync("not-an-email"))
        {
            await HttpAssert.StatusAsync(form, HttpStatusCode.BadRequest);
            Assert.Equal("text/html", form.Content.Headers.ContentType?.MediaType);
        }

        // A field the sign-up does not know, and a body that is not JSON.
        Assert.Equal(HttpStatusCode.BadRequest, (await s.SignUpJsonAsync(new { email = "ada@example.com", admin = true })).StatusCode);
        using (var anonymous = s.Factory.Anonymous())
        {
            var broken = await anonymous.PostAsync("/status/subscribe", new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
            var plain = await anonymous.PostAsync("/status/subscribe", new StringContent("ada@example.com", System.Text.Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        }

        await s.DispatchAsync();
        Assert.Empty(await s.SubscribersAsync());
        Assert.Empty(s.Mail!.Accepted);
    }

    [Fact]
    public async Task AnUnknownComponent_Is400_AndStoresNothing()
    {
        await using var s = await SubscriberServer.StartAsync();

        await HttpAssert.InvalidAsync(await s.SignUpJsonAsync(new { email = "ada@example.com", components = new[] { "Search", "Billing" } }), "components", "Billing");
        await HttpAssert.StatusAsync(await s.SignUpFormAsync("ada@example.com", "Billing"), HttpStatusCode.BadRequest);
        await s.DispatchAsync();
        Assert.Empty(await s.SubscribersAsync());
        Assert.Empty(s.Mail!.Accepted);

        // Known names match without regard to case and are stored as configured.
        using var ok = await s.SignUpJsonAsync(new { email = "ada@example.com", components = new[] { "search" } });
        await HttpAssert.JsonAsync(ok, HttpStatusCode.Accepted);
        Assert.Equal(["Search"], Assert.Single(await s.SubscribersAsync()).GetProperty("components").Strings());
    }

    [Fact]
    public async Task WithoutEmailSubscriptions_TheSignUpIs404_AndThePageHasNoForm()
    {
        await using (var webhooksOnly = await SubscriberServer.StartAsync(email: false, webhooks: true))
        {
            await HttpAssert.ProblemAsync(await webhooksOnly.SignUpJsonAsync(new { email = "ada@example.com" }), HttpStatusCode.NotFound);
            await HttpAssert.StatusAsync(await webhooksOnly.SignUpFormAsync("ada@example.com"), HttpStatusCode.NotFound);
            Assert.Empty(await webhooksOnly.SubscribersAsync());
            var page = await webhooksOnly.Factory.PublicTextAsync("/status");
            Assert.DoesNotContain("/status/subscribe", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Get updates by email", page, StringComparison.Ordinal);
        }

        await using (var none = await SubscriberServer.StartAsync(email: false, webhooks: false))
        {
            var answer = await none.SignUpJsonAsync(new { email = "ada@example.com" });
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            var page = await none.Factory.PublicTextAsync("/status");
            Assert.DoesNotContain("/status/subscribe", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithEmailSubscriptions_ThePageShowsTheSignUpForm()
    {
        await using var s = await SubscriberServer.StartAsync();
        var page = await s.Factory.PublicTextAsync("/status");
        Assert.Contains("<form method=\"post\" action=\"/status/subscribe\">", page, StringComparison.Ordinal);
        Assert.Contains("name=\"email\" type=\"email\"", page, StringComparison.Ordinal);
        foreach (var component in new[] { "Checkout", "Search", "API" })
        {
            Assert.Contains($"name=\"components\" value=\"{component}\"", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheSixthSignUpFromOneClientWithinAnHour_Is429WithRetryAfter()
    {
        await using var s = await SubscriberServer.StartAsync();
        for (var i = 1; i <= 5; i++)
        {
            await HttpAssert.StatusAsync(await s.SignUpJsonAsync(new { email = $"user{i}@example.com" }), HttpStatusCode.Accepted);
            s.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        using (var sixth = await s.SignUpJsonAsync(new { email = "user6@example.com" }))
        {
            await HttpAssert.ProblemAsync(sixth, HttpStatusCode.TooManyRequests);
            Assert.NotNull(sixth.Headers.RetryAfter);
            Assert.True(sixth.Headers.RetryAfter!.Delta > TimeSpan.Zero, $"Retry-After: {sixth.Headers.RetryAfter}");
        }

        using (var form = await s.SignUpFormAsync("user7@example.com"))
        {
            await HttpAssert.StatusAsync(form, HttpStatusCode.TooManyRequests);
            Assert.NotNull(form.Headers.RetryAfter);
        }

        await s.DispatchAsync();
        Assert.Equal(5, (await s.SubscribersAsync()).Count);
        Assert.Empty(s.MailTo("user6@example.com"));
        Assert.Equal(5, s.Mail!.Accepted.Count);

        // An hour after the first, one more is let in.
        s.Clock.Advance(TimeSpan.FromMinutes(57));
        await HttpAssert.StatusAsync(await s.SignUpJsonAsync(new { email = "user6@example.com" }), HttpStatusCode.Accepted);
        Assert.Equal(6, (await s.SubscribersAsync()).Count);
    }

    [Fact]
    public async Task TheLimit_FollowsSignUpsPerHour()
    {
        await using var s = await SubscriberServer.StartAsync(subscribersExtra: "signUpsPerHour: 2");
        await HttpAssert.StatusAsync(await s.SignUpJsonAsync(new { email = "a@example.com" }), HttpStatusCode.Accepted);
        await HttpAssert.StatusAsync(await s.SignUpJsonAsync(new { email = "b@example.com" }), HttpStatusCode.Accepted);
        await HttpAssert.ProblemAsync(await s.SignUpJsonAsync(new { email = "c@example.com" }), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task UnknownOrGarbageTokens_Are404_NeverAServerError()
    {
        await using var s = await SubscriberServer.StartAsync();
        // One real subscriber, so a wrong token is not simply an empty table.
        var real = await s.SubscribeAsync("ada@example.com");

        var tokens = new[]
        {
            "nope",
            new string('A', 32),
            real[..31] + (real[31] == 'x' ? 'y' : 'x'),
            real.ToUpperInvariant() == real ? real.ToLowerInvariant() : real.ToUpperInvariant(),
            real + "x",
            "%27%20OR%201%3D1%20--",
            Uri.EscapeDataString("' OR '1'='1' -- aaaaaaaaaaaaaaaaa"),
            new string('z', 5000),
            "..%2F..%2Fetc",
            "%E2%98%83",
        };
        foreach (var token in tokens)
        {
            foreach (var response in new[]
                     {
                         await s.GetAnonymousAsync($"/status/subscriptions/{token}"),
                         await s.PostFormAsync($"/status/subscriptions/{token}/confirm"),
                         await s.PostFormAsync($"/status/subscriptions/{token}/unsubscribe"),
                         await s.PostFormAsync($"/status/subscriptions/{token}/components", ("components", "Search")),
                     })
            {
                using (response)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        // The real one is untouched.
        var listed = Assert.Single(await s.SubscribersAsync());
        Assert.True(listed.GetProperty("confirmed").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listed.GetProperty("components").ValueKind);
        await HttpAssert.StatusAsync(await s.GetAnonymousAsync($"/status/subscriptions/{real}"), HttpStatusCode.OK);
    }

    [Fact]
    public void SubscribersEmail_NamingAChannelThatIsNotEmail_IsRefusedAtStart()
    {
        var secretFile = Path.Combine(TestDatabases.TempDirectory(), "webhook-secret");
        File.WriteAllText(secretFile, Notifications.NotifyingServer.Secret + "\n");
        var yaml = $"""
            channels:
              - name: hooks
                type: webhook
                url: https://hooks.example.com/firebreak
                secretFile: {secretFile}
            statusPage:
              name: Acme
              components:
                - name: API
              subscribers:
                email: hooks
            """;
        var error = ConfigAssert.Refused(yaml);
        Assert.Contains("statusPage.subscribers.email", error.Message, StringComparison.Ordinal);
        Assert.Contains("'hooks'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not an email channel", error.Message, StringComparison.Ordinal);

        var missing = ConfigAssert.Refused("""
            statusPage:
              name: Acme
              components:
                - name: API
              subscribers:
                email: nowhere
            """);
        Assert.Contains("'nowhere'", missing.Message, StringComparison.Ordinal);

        var zero = ConfigAssert.Refused("""
            statusPage:
              name: Acme
              components:
                - name: API
              subscribers:
                webhooks: true
                signUpsPerHour: 0
            """);
        Assert.Contains("signUpsPerHour", zero.Message, StringComparison.Ordinal);
    }
}

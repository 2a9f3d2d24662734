using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Access;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Access;

/// <summary>Password guessing is slowed per account and per address, and unknown accounts cost what real ones do.</summary>
public sealed class SignInThrottleTests : IAsyncDisposable
{
    private readonly FakeClock _clock = new();
    private readonly FirebreakFactory _factory;

    public SignInThrottleTests() => _factory = new FirebreakFactory { Clock = _clock, SchedulerLoop = false };

    [Fact]
    public async Task BasicAuth_AfterFreeFailures_Is429WithRetryAfter_AndTheWaitDoubles()
    {
        using var _ = await _factory.UserAsync("bob");
        using var wrong = _factory.Basic("bob", "not-the-password");
        using var right = _factory.Basic("bob", FirebreakFactory.UserPassword);

        for (var i = 0; i <= SignInThrottle.FreeAccountFailures; i++)
        {
            await HttpAssert.ProblemAsync(await wrong.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        }

        // Waiting: refused before the password is looked at, even the right one.
        var first = await right.GetAsync("/api/v1/me");
        await HttpAssert.ProblemAsync(first, HttpStatusCode.TooManyRequests, "Wait");
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter!.Delta);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await HttpAssert.ProblemAsync(await wrong.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        var second = await wrong.GetAsync("/api/v1/me");
        await HttpAssert.ProblemAsync(second, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(2), second.Headers.RetryAfter!.Delta);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await HttpAssert.ProblemAsync(await wrong.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        var third = await wrong.GetAsync("/api/v1/me");
        Assert.Equal(TimeSpan.FromSeconds(4), third.Headers.RetryAfter!.Delta);

        // Once the wait is over, the right password works and clears the count.
        _clock.Advance(TimeSpan.FromSeconds(4));
        await HttpAssert.JsonAsync(await right.GetAsync("/api/v1/me"));
        await HttpAssert.ProblemAsync(await wrong.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SignInForm_AfterFreeFailures_Is429PageWithRetryAfter()
    {
        using var _ = await _factory.UserAsync("bob");
        using var browser = WebSession.Anonymous(_factory);
        for (var i = 0; i <= SignInThrottle.FreeAccountFailures; i++)
        {
            using var refused = await browser.PostFormAsync("/signin", "/signin", [("username", "bob"), ("password", "guess-" + i)]);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using var waiting = await browser.PostFormAsync("/signin", "/signin", [("username", "bob"), ("password", FirebreakFactory.UserPassword)]);

        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), waiting.Headers.RetryAfter!.Delta);
        Assert.Contains("Too many failed sign-ins", await waiting.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey("firebreak"));
    }

    [Fact]
    public async Task UnknownDisabledAndRealAccounts_CostOnePasswordCheckEach()
    {
        using var _ = await _factory.UserAsync("bob");
        using var __ = await _factory.UserAsync("carol");
        using var admin = _factory.Admin();
        await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/carol", new { disabled = true }));
        var accounts = _factory.Services.GetRequiredService<AccountService>();

        foreach (var (username, password) in new[] { ("bob", "wrong-password"), ("nobody", "wrong-password"), ("carol", FirebreakFactory.UserPassword) })
        {
            var before = accounts.PasswordsChecked;
            using var client = _factory.Basic(username, password);
            await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
            Assert.True(accounts.PasswordsChecked == before + 1, $"'{username}' cost {accounts.PasswordsChecked - before} password checks, not 1.");
        }
    }

    [Fact]
    public async Task RefusingAnUnknownAccount_TakesAboutAsLongAsRefusingARealOne()
    {
        using var _ = await _factory.UserAsync("bob");

        // Alternate the two so that a slow moment of the machine hits both alike; under the free failures.
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < SignInThrottle.FreeAccountFailures - 1; i++)
        {
            known.Add(await RefusalMsAsync("bob"));
            unknown.Add(await RefusalMsAsync($"nobody-{i}"));
        }

        var (k, u) = (Median(known), Median(unknown));
        Assert.True(u > k / 3 && u < k * 3, $"Refusing an unknown account took {u:0.0} ms (median), a real one {k:0.0} ms: the difference tells accounts apart.");
    }

    [Fact]
    public async Task ManyGuessesAtOnce_CheckNoMorePasswordsAtOnceThanTheBound()
    {
        var attempts = Enumerable.Range(0, AccountService.ConcurrentPasswordChecks * 6).Select(async i =>
        {
            using var client = _factory.Basic($"guess-{i}", "wrong-password");
            return (await client.GetAsync("/api/v1/me")).StatusCode;
        });

        var statuses = await Task.WhenAll(attempts);

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"answered {s}"));
        var accounts = _factory.Services.GetRequiredService<AccountService>();
        Assert.InRange(accounts.PeakConcurrentChecks, 1, AccountService.ConcurrentPasswordChecks);
    }

    [Fact]
    public void PerAddress_ManyAccountsFromOneAddress_AreSlowed_AndASuccessDoesNotReset()
    {
        var clock = new FakeClock();
        var throttle = new SignInThrottle(clock);
        for (var i = 0; i < SignInThrottle.FreeAddressFailures; i++)
        {
            Assert.Null(throttle.Wait($"user-{i}", "203.0.113.9"));
            Assert.Null(throttle.Failed($"user-{i}", "203.0.113.9"));
        }

        Assert.Equal(SignInThrottle.FirstDelay, throttle.Failed("one-more", "203.0.113.9"));
        throttle.Succeeded("mine");
        Assert.Equal(SignInThrottle.FirstDelay, throttle.Wait("mine", "203.0.113.9"));
        Assert.Null(throttle.Wait("mine", "198.51.100.7"));

        // Quiet for long enough, the address starts afresh.
        clock.Advance(SignInThrottle.Memory + TimeSpan.FromSeconds(1));
        Assert.Null(throttle.Wait("anyone", "203.0.113.9"));
        Assert.Null(throttle.Failed("anyone", "203.0.113.9"));
    }

    [Fact]
    public void TheWait_NeverExceedsTheMaximum()
    {
        var clock = new FakeClock();
        var throttle = new SignInThrottle(clock);
        TimeSpan? last = null;
        for (var i = 0; i < 200; i++)
        {
            last = throttle.Failed("bob", null) ?? last;
            clock.Advance(last ?? TimeSpan.Zero);
        }

        Assert.Equal(SignInThrottle.MaxDelay, last);
    }

    private async Task<double> RefusalMsAsync(string username)
    {
        using var client = _factory.Basic(username, "wrong-password");
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/api/v1/me");
        watch.Stop();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}

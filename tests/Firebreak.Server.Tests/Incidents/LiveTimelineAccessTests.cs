using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Incidents;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>An open live timeline obeys access changes, and one account cannot hold unbounded streams.</summary>
public sealed class LiveTimelineAccessTests : IAsyncDisposable
{
    private static readonly TimeSpan EndWithin = LiveTimeline.AccessRecheck * 4;
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task Stream_EndsWhenItsAccountIsDisabled()
    {
        var id = await DeclareAsync();
        using var _ = await _factory.UserAsync("bob", "viewer");
        using var bob = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var live = await bob.OpenAsync($"/incidents/{id}/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var reader = new StreamReader(await live.Content.ReadAsStreamAsync());
        Assert.Equal(": live", await reader.ReadLineAsync());

        using var admin = _factory.Admin();
        await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/bob", new { disabled = true }));

        Assert.True(await EndsAsync(reader), $"The stream still ran {EndWithin} after its account was disabled.");
    }

    [Fact]
    public async Task Stream_EndsWhenItsSessionIsSignedOutElsewhere()
    {
        var id = await DeclareAsync();
        using var _ = await _factory.UserAsync("bob", "viewer");
        using var bob = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var live = await bob.OpenAsync($"/incidents/{id}/live");
        using var reader = new StreamReader(await live.Content.ReadAsStreamAsync());
        Assert.Equal(": live", await reader.ReadLineAsync());

        using var admin = _factory.Admin();
        await HttpAssert.JsonAsync(await admin.PostAsync("/api/v1/users/bob/sessions/end", null));

        Assert.True(await EndsAsync(reader), $"The stream still ran {EndWithin} after its session ended.");
    }

    [Fact]
    public async Task PrivateIncidentStream_EndsWhenTheViewerLosesTheRoleThatLetItSee()
    {
        using var bob = await _factory.UserAsync("bob");
        var id = await DeclareAsync(bob, isPrivate: true);
        using var admin = _factory.Admin();
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/users", new { username = "root", role = "admin", password = FirebreakFactory.UserPassword }), HttpStatusCode.Created);
        using var root = await WebSession.SignInAsync(_factory, "root", FirebreakFactory.UserPassword);
        using var live = await root.OpenAsync($"/incidents/{id}/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var reader = new StreamReader(await live.Content.ReadAsStreamAsync());
        Assert.Equal(": live", await reader.ReadLineAsync());

        await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/root", new { role = "responder" }));
        await bob.PostAsJsonAsync($"/api/v1/incidents/{id}/timeline", new { kind = "note", text = "a secret detail" });

        var (ended, seen) = await ReadToEndAsync(reader);
        Assert.True(ended, $"The stream still ran {EndWithin} after its viewer could no longer see the incident.");
        Assert.DoesNotContain("a secret detail", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneAccount_HoldsAtMostTheCapOfStreams_AndClosingOneFreesAPlace()
    {
        var id = await DeclareAsync();
        using var _ = await _factory.UserAsync("bob", "viewer");
        using var bob = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < LiveTimelineHub.MaxStreamsPerAccount; i++)
            {
                var live = await bob.OpenAsync($"/incidents/{id}/live");
                open.Add(live);
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            }

            using (var refused = await bob.OpenAsync($"/incidents/{id}/live"))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.NotNull(refused.Headers.RetryAfter);
            }

            // Another account is not affected.
            using var __ = await _factory.UserAsync("carol", "viewer");
            using var carol = await WebSession.SignInAsync(_factory, "carol", FirebreakFactory.UserPassword);
            using (var other = await carol.OpenAsync($"/incidents/{id}/live"))
            {
                Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            }

            open[0].Dispose();
            open.RemoveAt(0);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            HttpStatusCode status;
            do
            {
                await Task.Delay(100);
                var again = await bob.OpenAsync($"/incidents/{id}/live");
                status = again.StatusCode;
                open.Add(again);
            }
            while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    private async Task<long> DeclareAsync(HttpClient? client = null, bool isPrivate = false)
    {
        using var admin = _factory.Admin();
        var declared = await HttpAssert.JsonAsync(
            await (client ?? admin).PostAsJsonAsync("/api/v1/incidents", new { title = "Checkout is down", severity = "SEV-2", @private = isPrivate }),
            HttpStatusCode.Created);
        return declared.Long("id");
    }

    private static async Task<bool> EndsAsync(StreamReader reader) => (await ReadToEndAsync(reader)).Ended;

    /// <summary>Reads until the server ends the stream (an "ended" event, or the end of the body), or the wait runs out.</summary>
    private static async Task<(bool Ended, string Seen)> ReadToEndAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(EndWithin);
        var seen = new System.Text.StringBuilder();
        try
        {
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.AppendLine(line);
                if (line == "event: ended")
                {
                    return (true, seen.ToString());
                }
            }

            return (true, seen.ToString());
        }
        catch (OperationCanceledException)
        {
            return (false, seen.ToString());
        }
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}

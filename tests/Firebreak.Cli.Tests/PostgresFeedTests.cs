using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Testing;

namespace Firebreak.Cli.Tests;

/// <summary>Two `firebreak serve` processes on one PostgreSQL database share one change feed (LISTEN/NOTIFY).</summary>
public sealed partial class PostgresFeedTests
{
    private const string Password = "feed-test-password-1234";

    [PostgresFact]
    public async Task EntryAppendedOnOneServer_ReachesALiveTimelineOnTheOther()
    {
        var database = await TestDatabases.NewPostgresDatabaseAsync();
        await using var nodeA = await ServerProcess.StartAsync(database: database);
        await using var nodeB = await ServerProcess.StartAsync(database: database);
        using var apiA = nodeA.CreateClient();
        var created = await apiA.PostAsJsonAsync("api/v1/users", new { username = "rosa", role = "responder", password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var declared = await (await apiA.PostAsJsonAsync("api/v1/incidents", new { title = "Checkout failing", severity = "SEV-3" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = declared.GetProperty("id").GetInt64();
        var version = declared.GetProperty("version").GetInt64();

        // A browser signed in on node B opens the room's live timeline there.
        using var browserB = await SignInAsync(nodeB, "rosa");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"incidents/{id}/live?after={version}");
        using var live = await browserB.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var reader = new StreamReader(await live.Content.ReadAsStreamAsync());
        Assert.Equal(": live", await reader.ReadLineAsync());

        var entry = await apiA.PostAsJsonAsync($"api/v1/incidents/{id}/timeline", new { kind = "symptom", text = "written on node A" });
        Assert.Equal(HttpStatusCode.Created, entry.StatusCode);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? data = null;
        while (data is null && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        Assert.NotNull(data);
        var item = JsonDocument.Parse(data).RootElement;
        Assert.Equal(("symptom", "written on node A", version + 1), (item.GetProperty("kind").GetString(), item.GetProperty("text").GetString(), item.GetProperty("version").GetInt64()));
    }

    private static async Task<HttpClient> SignInAsync(ServerProcess server, string username)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = new Uri(server.Url + "/"), Timeout = TimeSpan.FromSeconds(60) };
        var page = await client.GetStringAsync("signin");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        var signedIn = await client.PostAsync("signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = Password,
            ["returnUrl"] = "/incidents",
            ["__af"] = WebUtility.HtmlDecode(token),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Firebreak.Bench;

/// <summary>The few API calls the benchmark makes, each checked for the status the API promises.</summary>
internal sealed class FirebreakApi : IDisposable
{
    private readonly HttpClient _http;

    public FirebreakApi(Uri baseAddress, string token)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = 256,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>POST /api/v1/incidents; returns the new incident's id and version (the number of events its declaration recorded).</summary>
    public async Task<(long Id, long Version)> DeclareAsync(string title, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["title"] = title, ["severity"] = "SEV-3", ["summary"] = "Created by the benchmark." };
        using var response = await PostAsync("api/v1/incidents", body, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return (json.RootElement.GetProperty("id").GetInt64(), json.RootElement.GetProperty("version").GetInt64());
    }

    /// <summary>POST /api/v1/incidents naming the services it affects (so the status page's components show it); returns the new incident's id.</summary>
    public async Task<long> DeclareAsync(string title, string severity, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["title"] = title, ["severity"] = severity, ["summary"] = "Created by the benchmark.", ["services"] = new JsonArray([.. services.Select(s => (JsonNode)s)]) };
        using var response = await PostAsync("api/v1/incidents", body, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return json.RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>POST /api/v1/incidents/{id}/updates: a public update, which the status page shows; returns the status it was answered with (200 or 201).</summary>
    public async Task<int> PostPublicUpdateAsync(long incidentId, string text, string status, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["audience"] = "public", ["status"] = status, ["text"] = text };
        using var response = await PostAsync($"api/v1/incidents/{incidentId.ToString(CultureInfo.InvariantCulture)}/updates", body, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        }

        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (int)response.StatusCode;
    }

    /// <summary>GET a path; returns only the status code (for a call that is expected to fail).</summary>
    public async Task<HttpStatusCode> StatusOfAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>POST /api/v1/incidents/{id}/timeline with a note.</summary>
    public async Task AppendAsync(long incidentId, string text, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["kind"] = "note", ["text"] = text };
        using var response = await PostAsync($"api/v1/incidents/{incidentId.ToString(CultureInfo.InvariantCulture)}/timeline", body, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>POST /api/v1/incidents/{id}/updates: an internal stakeholder update (answered 200 or 201).</summary>
    public async Task PostUpdateAsync(long incidentId, string text, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["audience"] = "internal", ["text"] = text };
        using var response = await PostAsync($"api/v1/incidents/{incidentId.ToString(CultureInfo.InvariantCulture)}/updates", body, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        }

        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>POST /api/v1/users (admin): an account with the given role and password.</summary>
    public async Task CreateUserAsync(string username, string role, string password, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["username"] = username, ["displayName"] = "Benchmark " + role, ["role"] = role, ["password"] = password };
        using var response = await PostAsync("api/v1/users", body, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>GET /api/v1/incidents/{id}: its current version.</summary>
    public async Task<long> VersionAsync(long incidentId, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(await GetAsync($"api/v1/incidents/{incidentId.ToString(CultureInfo.InvariantCulture)}", cancellationToken));
        return json.RootElement.GetProperty("version").GetInt64();
    }

    /// <summary>GET /api/v1/admin/stats: the server's SQL command count and open live timelines.</summary>
    public async Task<(long DatabaseCommands, int LiveTimelines)> StatsAsync(CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(await GetAsync("api/v1/admin/stats", cancellationToken));
        return (json.RootElement.GetProperty("databaseCommands").GetInt64(), json.RootElement.GetProperty("liveTimelines").GetInt32());
    }

    /// <summary>GET a path and read the whole body; returns its length in bytes.</summary>
    public async Task<byte[]> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Note text of about the length a responder types, different for each entry.</summary>
    public static string NoteText(long n) =>
        $"Entry {n.ToString(CultureInfo.InvariantCulture)}: error rate on checkout-api back to 0.4%; p99 latency 310 ms; watching for another 10 minutes before closing the mitigation.";

    private Task<HttpResponseMessage> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _http.PostAsync(path, content, cancellationToken);
    }

    internal static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}, expected {(int)expected}: {text[..Math.Min(text.Length, 300)]}");
        }
    }
}

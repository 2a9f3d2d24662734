using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Firebreak.Cli.Client;

/// <summary>A thin REST client: every verb but `serve` goes through here.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(string server, string? token, AuthenticationHeaderValue? auth = null)
    {
        if (!Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new CliException($"'{server}' is not a server URL; give one like http://127.0.0.1:5080.");
        }

        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = auth ?? (token is null ? null : new AuthenticationHeaderValue("Bearer", token));
        Server = baseAddress.ToString().TrimEnd('/');
    }

    public string Server { get; }

    public Task<(T Body, string Raw)> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, path, null, type, ct);

    public async Task<(T Body, string Raw)> SendAsync<T>(HttpMethod method, string path, string? json, JsonTypeInfo<T> type, CancellationToken ct, long? ifVersion = null)
    {
        var raw = await SendRawAsync(method, path, json, ct, ifVersion);
        return (JsonSerializer.Deserialize(raw, type)!, raw);
    }

    public async Task<string> SendRawAsync(HttpMethod method, string path, string? json, CancellationToken ct, long? ifVersion = null) =>
        Encoding.UTF8.GetString(await SendAsync(method, path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"), ct, ifVersion));

    public Task<byte[]> GetBytesAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct, null);

    public async Task<(T Body, string Raw)> SendBytesAsync<T>(string path, byte[] content, JsonTypeInfo<T> type, CancellationToken ct)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var raw = Encoding.UTF8.GetString(await SendAsync(HttpMethod.Post, path, body, ct, null));
        return (JsonSerializer.Deserialize(raw, type)!, raw);
    }

    private async Task<byte[]> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct, long? ifVersion)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Content = content;

        if (ifVersion is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Cannot reach Firebreak at {Server}: {e.Message}. Is 'firebreak serve' running there?");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"Firebreak at {Server} did not answer within 30 s.");
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            throw new CliException(Describe(response.StatusCode, Encoding.UTF8.GetString(body)));
        }
    }

    private static string Describe(HttpStatusCode status, string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            return $"{(int)status} {detail ?? title ?? status.ToString()}";
        }
        catch (JsonException)
        {
            return $"{(int)status} {status}";
        }
    }

    public void Dispose() => _http.Dispose();
}

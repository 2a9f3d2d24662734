using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Firebreak.Core.Guardrails;
using Firebreak.Server.Incidents;

namespace Firebreak.Cli.Client;

/// <summary>
/// The Firebreak REST API as typed calls: one method per endpoint, taking the server's request DTOs
/// and returning its response DTOs with the JSON text they were read from. Route paths, If-Match,
/// override reasons and file transfers live here so that every CLI verb (and any other front end,
/// such as an MCP server) talks to the server the same way. It writes nothing to the console;
/// every failure is a <see cref="CliException"/> carrying the server's problem detail.
/// </summary>
public sealed partial class FirebreakClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    /// <summary>A client that authenticates with an API token.</summary>
    public FirebreakClient(string server, string token)
        : this(server, new AuthenticationHeaderValue("Bearer", token))
    {
    }

    private FirebreakClient(string server, AuthenticationHeaderValue? authorization)
    {
        if (!Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new CliException($"'{server}' is not a server URL; give one like http://127.0.0.1:5080.");
        }

        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout };
        _http.DefaultRequestHeaders.Authorization = authorization;
        Server = baseAddress.ToString().TrimEnd('/');
    }

    /// <summary>The server's base URL, normalised (no trailing slash), as saved by login and shown to the user.</summary>
    public string Server { get; }

    /// <summary>
    /// A client that signs in with a username and password (HTTP Basic), for creating the first API
    /// token at login; everything afterwards should use the token.
    /// </summary>
    public static FirebreakClient WithPassword(string server, string username, string password) =>
        new(server, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"))));

    public void Dispose() => _http.Dispose();

    private static string Incident(string incident) => $"api/v1/incidents/{Uri.EscapeDataString(incident)}";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private Task<ApiResponse<T>> GetAsync<T>(string path, JsonTypeInfo<T> response, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, content: null, response, ifVersion: null, cancellationToken);

    private Task<ApiResponse<T>> SendJsonAsync<TRequest, T>(
        HttpMethod method, string path, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<T> response, CancellationToken cancellationToken) =>
        SendAsync(method, path, Json(request, requestType), response, ifVersion: null, cancellationToken);

    /// <summary>POSTs a command: the override reason goes into the body, the expected version into If-Match.</summary>
    private Task<ApiResponse<T>> CommandAsync<TRequest, T>(
        string path, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<T> response, CommandOptions? options, CancellationToken cancellationToken)
        where TRequest : CommandRequest
    {
        if (!string.IsNullOrWhiteSpace(options?.Override))
        {
            request.Override = options.Override;
        }

        return SendAsync(HttpMethod.Post, path, Json(request, requestType), response, options?.IfVersion, cancellationToken);
    }

    private async Task<ApiResponse<T>> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> response, long? ifVersion, CancellationToken cancellationToken)
    {
        var json = Encoding.UTF8.GetString(await SendAsync(method, path, content, ifVersion, cancellationToken));
        return new ApiResponse<T>(JsonSerializer.Deserialize(json, response)!, json);
    }

    private static StringContent Json<TRequest>(TRequest request, JsonTypeInfo<TRequest> type) =>
        new(JsonSerializer.Serialize(request, type), Encoding.UTF8, "application/json");

    private async Task<byte[]> SendAsync(HttpMethod method, string path, HttpContent? content, long? ifVersion, CancellationToken cancellationToken) =>
        (await ExchangeAsync(method, path, content, ifVersion, cancellationToken)).Body;

    /// <summary>Sends the request; a success gives its body and headers, anything else a <see cref="CliException"/>.</summary>
    private async Task<(byte[] Body, HttpResponseHeaders Headers)> ExchangeAsync(HttpMethod method, string path, HttpContent? content, long? ifVersion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Content = content;
        if (ifVersion is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{Number(version)}\"");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Cannot reach Firebreak at {Server}: {e.Message}. Is 'firebreak serve' running there?");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"Firebreak at {Server} did not answer within {Timeout.TotalSeconds:0} s.");
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return (body, response.Headers);
            }

            throw Refusal(response.StatusCode, Encoding.UTF8.GetString(body));
        }
    }

    /// <summary>"412 INC-7 changed since version 2: …": the status and the problem's detail (or title).</summary>
    /// <summary>The server's problem as a CliException: its detail, and a guardrail's fix as data when there is one.</summary>
    private static CliException Refusal(HttpStatusCode status, string body)
    {
        FixAction? fix = null;
        string? incident = null;
        string? field = null;
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("field", out var named) && named.ValueKind == JsonValueKind.String)
            {
                field = named.GetString();
            }

            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("fixAction", out var action))
            {
                fix = action.Deserialize(Firebreak.Server.Http.ApiJson.Default.FixAction);
                incident = problem.RootElement.TryGetProperty("incident", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not a problem document: the message alone says what happened.
        }

        return new CliException(Describe(status, body)) { Fix = fix, Incident = incident, Status = (int)status, Field = field };
    }

    private static string Describe(HttpStatusCode status, string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                // JSON, but not a problem document (a proxy's answer, say): the status alone.
                return $"{(int)status} {status}";
            }

            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return $"{(int)status} {detail ?? title ?? status.ToString()}";
        }
        catch (JsonException)
        {
            return $"{(int)status} {status}";
        }
    }
}

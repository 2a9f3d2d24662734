using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Storage.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Support;

/// <summary>Short calls for the process routes (updates, mitigations, evidence, checklists), each asserting the request worked.</summary>
public static class ResponseApi
{
    /// <summary>The fake clock's default start: 2026-03-14 09:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    public static async Task<JsonElement> PostUpdateAsync(this HttpClient client, long id, string text, string audience = "internal", string? status = null) =>
        await client.CommandAsync(id, "updates", new { audience, status, text });

    /// <summary>Proposes a mitigation and returns it as the incident now shows it.</summary>
    public static async Task<JsonElement> ProposeAsync(this HttpClient client, long id, object body) =>
        (await client.CommandAsync(id, "mitigations", body)).GetProperty("mitigations").EnumerateArray().Last();

    public static Task<HttpResponseMessage> StepAsync(this HttpClient client, long id, long mitigation, string action, object? body = null) =>
        client.PostAsJsonAsync(IncidentApi.Url(id, $"mitigations/{mitigation}/{action}"), body ?? new { });

    public static async Task<JsonElement> AttachAsync(this HttpClient client, long id, object body) =>
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync(IncidentApi.Url(id, "evidence"), body), HttpStatusCode.Created);

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, long id, byte[] bytes, string query, string? contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return client.PostAsync(IncidentApi.Url(id, "evidence/file") + query, content);
    }

    public static async Task<JsonElement> EvidenceAsync(this HttpClient client, long id) =>
        await HttpAssert.JsonAsync(await client.GetAsync(IncidentApi.Url(id, "evidence")));

    /// <summary>The ids of the incident's current findings.</summary>
    public static IReadOnlyList<string> FindingIds(this JsonElement incident) =>
        [.. incident.GetProperty("findings").EnumerateArray().Select(f => f.Str("guardrail"))];

    /// <summary>The timeline's recorded nudges of one guardrail.</summary>
    public static async Task<IReadOnlyList<JsonElement>> NudgesAsync(this HttpClient client, long id, string guardrail) =>
        [.. (await client.TimelineAsync(id, "?limit=10000")).Items().Where(i => i.Str("type") == "incident.guardrail-fired.v1" && i.Str("text").StartsWith($"[{guardrail}] ", StringComparison.Ordinal))];

    public static async Task<IReadOnlyList<JsonElement>> OfTypeAsync(this HttpClient client, long id, string type) =>
        [.. (await client.TimelineAsync(id, "?limit=10000")).Items().Where(i => i.Str("type") == type)];

    public static DateTimeOffset Time(this JsonElement element, string property) => element.GetProperty(property).GetDateTimeOffset();

    public static bool IsNull(this JsonElement element, string property) => element.GetProperty(property).ValueKind == JsonValueKind.Null;

    /// <summary>The durable scheduler rows, as the server's own store reads them.</summary>
    public static Task<IReadOnlyList<ScheduledJob>> JobsAsync(this FirebreakFactory factory) =>
        factory.Services.GetRequiredService<SchedulerStore>().AllAsync(CancellationToken.None);
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Firebreak.Server.Tests.Support;

/// <summary>What an incident looked like at one moment: enough to prove a refused request wrote nothing.</summary>
public sealed record IncidentSnapshot(long Version, int TimelineItems, string Body);

/// <summary>Short calls for the incident routes, each asserting the request worked.</summary>
public static class IncidentApi
{
    public const string Incidents = "/api/v1/incidents";

    public static string Url(long id, string? command = null) => command is null ? $"{Incidents}/{id}" : $"{Incidents}/{id}/{command}";

    /// <summary>Declares an incident and returns it as the API showed it.</summary>
    public static async Task<JsonElement> DeclareAsync(this HttpClient client, object body) =>
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync(Incidents, body), HttpStatusCode.Created);

    public static Task<JsonElement> DeclareAsync(this HttpClient client, string title = "Checkout is failing", string severity = "SEV-2", bool isPrivate = false) =>
        client.DeclareAsync(new { title, severity, @private = isPrivate });

    public static async Task<long> DeclareIdAsync(this HttpClient client, string title = "Checkout is failing", string severity = "SEV-2", bool isPrivate = false) =>
        (await client.DeclareAsync(title, severity, isPrivate)).GetProperty("id").GetInt64();

    public static async Task<JsonElement> GetIncidentAsync(this HttpClient client, long id) =>
        await HttpAssert.JsonAsync(await client.GetAsync(Url(id)));

    public static async Task<JsonElement> TimelineAsync(this HttpClient client, long id, string query = "") =>
        await HttpAssert.JsonAsync(await client.GetAsync(Url(id, "timeline") + query));

    public static async Task<JsonElement> ListAsync(this HttpClient client, string query = "") =>
        await HttpAssert.JsonAsync(await client.GetAsync(Incidents + query));

    /// <summary>Runs a command route and returns the incident after it.</summary>
    public static async Task<JsonElement> CommandAsync(this HttpClient client, long id, string command, object body) =>
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync(Url(id, command), body));

    public static async Task<JsonElement> AddEntryAsync(this HttpClient client, long id, string kind, string text) =>
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync(Url(id, "timeline"), new { kind, text }), HttpStatusCode.Created);

    public static async Task<JsonElement> ChangeStatusAsync(this HttpClient client, long id, string status, string? reason = null) =>
        await client.CommandAsync(id, "status", new { status, reason });

    /// <summary>
    /// Resolves past the unverified-resolve guardrail with an override reason: for tests about the
    /// lifecycle, not about verification (the Verification tests cover that).
    /// </summary>
    public static async Task<JsonElement> ResolveAsync(this HttpClient client, long id, string? reason = null, string overrideReason = "Checked by hand: the error rate is back to normal") =>
        await client.CommandAsync(id, "status", new { status = "resolved", reason, @override = overrideReason });

    public static async Task<IncidentSnapshot> SnapshotAsync(this HttpClient client, long id)
    {
        var incident = await client.GetIncidentAsync(id);
        var timeline = await client.TimelineAsync(id, "?limit=10000");
        return new IncidentSnapshot(incident.GetProperty("version").GetInt64(), timeline.GetProperty("items").GetArrayLength(), incident.GetRawText());
    }

    /// <summary>The incident's total as the list reports it to this client.</summary>
    public static async Task<long> TotalAsync(this HttpClient client, string query = "") =>
        (await client.ListAsync(query)).GetProperty("total").GetInt64();

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return client.PostAsync(url, content);
    }

    public static IReadOnlyList<string> Strings(this JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.GetString()!)];

    public static IReadOnlyList<long> Longs(this JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.GetInt64())];

    public static IReadOnlyList<JsonElement> Items(this JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray()];

    /// <summary>The object's JSON text without the named property (which must be there), written as <see cref="Normalized"/> writes it.</summary>
    public static string Without(this JsonElement element, string property)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(element.GetRawText())!.AsObject();
        Assert.True(node.Remove(property), $"The JSON has no '{property}': {element}");
        return node.ToJsonString();
    }

    /// <summary>The JSON text re-written one way, to compare with <see cref="Without"/>.</summary>
    public static string Normalized(this JsonElement element) => System.Text.Json.Nodes.JsonNode.Parse(element.GetRawText())!.ToJsonString();

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static long Long(this JsonElement element, string property) => element.GetProperty(property).GetInt64();
}

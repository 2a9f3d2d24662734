using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;

namespace Firebreak.Cli.Client;

/// <summary>/api/v1/incidents: declare, list, show, timeline and the incident commands.</summary>
public sealed partial class FirebreakClient
{
    /// <summary>POST /api/v1/incidents.</summary>
    public Task<ApiResponse<IncidentDto>> DeclareIncidentAsync(DeclareIncidentRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/incidents", request, ApiJson.Default.DeclareIncidentRequest, ApiJson.Default.IncidentDto, cancellationToken);

    /// <summary>GET /api/v1/incidents with the given filters.</summary>
    public Task<ApiResponse<IncidentListDto>> ListIncidentsAsync(IncidentListQuery? query = null, CancellationToken cancellationToken = default)
    {
        var filters = new List<string>();
        if (query is not null)
        {
            AddFilter(filters, "status", query.Status);
            AddFilter(filters, "severity", query.Severity);
            AddFilter(filters, "service", query.Service);
            AddFilter(filters, "q", query.Search);
            AddFilter(filters, "active", query.ActiveOnly ? "true" : null);
            AddFilter(filters, "limit", query.Limit?.ToString(CultureInfo.InvariantCulture));
            AddFilter(filters, "offset", query.Offset?.ToString(CultureInfo.InvariantCulture));
        }

        var path = "api/v1/incidents" + (filters.Count > 0 ? "?" + string.Join('&', filters) : string.Empty);
        return GetAsync(path, ApiJson.Default.IncidentListDto, cancellationToken);
    }

    /// <summary>GET /api/v1/incidents/{incident}: by key (INC-7) or number.</summary>
    public Task<ApiResponse<IncidentDto>> GetIncidentAsync(string incident, CancellationToken cancellationToken = default) =>
        GetAsync(Incident(incident), ApiJson.Default.IncidentDto, cancellationToken);

    /// <summary>GET /api/v1/incidents/{incident}/timeline: up to <paramref name="limit"/> items after the version <paramref name="after"/>.</summary>
    public Task<ApiResponse<TimelineDto>> GetTimelineAsync(string incident, long after, int limit, CancellationToken cancellationToken = default) =>
        GetAsync($"{Incident(incident)}/timeline?after={Number(after)}&limit={Number(limit)}", ApiJson.Default.TimelineDto, cancellationToken);

    /// <summary>
    /// The incident and every page of its timeline. When the timeline moved on between the two reads,
    /// the incident is read again, so it is never older than the entries shown with it.
    /// </summary>
    public async Task<ApiResponse<IncidentWithTimeline>> GetIncidentWithTimelineAsync(string incident, CancellationToken cancellationToken = default)
    {
        var read = await GetIncidentAsync(incident, cancellationToken);
        var items = new List<TimelineItemDto>();
        long? after = 0;
        while (after is { } cursor)
        {
            var page = (await GetTimelineAsync(incident, cursor, IncidentService.MaxTimelinePage, cancellationToken)).Body;
            items.AddRange(page.Items);
            after = page.NextAfter;
        }

        if (items.Count > 0 && items[^1].Version > read.Body.Version)
        {
            read = await GetIncidentAsync(incident, cancellationToken);
        }

        return new ApiResponse<IncidentWithTimeline>(new IncidentWithTimeline(read.Body, items), IncidentWithTimelineJson(read.Json, items));
    }

    /// <summary>POST /api/v1/incidents/{incident}/timeline: a note, symptom, hypothesis, action, result, decision or command.</summary>
    public Task<ApiResponse<TimelineItemDto>> AddEntryAsync(string incident, AddEntryRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync($"{Incident(incident)}/timeline", request, ApiJson.Default.AddEntryRequest, ApiJson.Default.TimelineItemDto, options, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/status.</summary>
    public Task<ApiResponse<IncidentDto>> ChangeStatusAsync(string incident, ChangeStatusRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, "status", request, ApiJson.Default.ChangeStatusRequest, options, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/severity.</summary>
    public Task<ApiResponse<IncidentDto>> ChangeSeverityAsync(string incident, ChangeSeverityRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, "severity", request, ApiJson.Default.ChangeSeverityRequest, options, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/roles: assign a role, or hand it off.</summary>
    public Task<ApiResponse<IncidentDto>> AssignRoleAsync(string incident, AssignRoleRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, "roles", request, ApiJson.Default.AssignRoleRequest, options, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/pin.</summary>
    public Task<ApiResponse<IncidentDto>> PinAsync(string incident, PinRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, "pin", request, ApiJson.Default.PinRequest, options, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/decline.</summary>
    public Task<ApiResponse<IncidentDto>> StateImpactAsync(string incident, Server.StatusPage.StateImpactRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, "impact", request, ApiJson.Default.StateImpactRequest, options, cancellationToken);

    public Task<ApiResponse<IncidentDto>> DeclineAsync(string incident, DeclineRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, "decline", request, ApiJson.Default.DeclineRequest, options, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/join. The route reads no body, so only the expected version of <paramref name="options"/> is sent.</summary>
    public Task<ApiResponse<IncidentDto>> JoinAsync(string incident, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"{Incident(incident)}/join", content: null, ApiJson.Default.IncidentDto, options?.IfVersion, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/leave. The route reads no body, so only the expected version of <paramref name="options"/> is sent.</summary>
    public Task<ApiResponse<IncidentDto>> LeaveAsync(string incident, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"{Incident(incident)}/leave", content: null, ApiJson.Default.IncidentDto, options?.IfVersion, cancellationToken);

    /// <summary>A command under the incident that answers with the incident as it is afterwards.</summary>
    private Task<ApiResponse<IncidentDto>> IncidentCommandAsync<TRequest>(
        string incident, string route, TRequest request, JsonTypeInfo<TRequest> requestType, CommandOptions? options, CancellationToken cancellationToken)
        where TRequest : CommandRequest =>
        CommandAsync($"{Incident(incident)}/{route}", request, requestType, ApiJson.Default.IncidentDto, options, cancellationToken);

    /// <summary>{"incident": the server's JSON as sent, "timeline": every item}.</summary>
    private static string IncidentWithTimelineJson(string incidentJson, List<TimelineItemDto> timeline)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("incident");
            writer.WriteRawValue(incidentJson);
            writer.WritePropertyName("timeline");
            JsonSerializer.Serialize(writer, timeline, ApiJson.Default.ListTimelineItemDto);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void AddFilter(List<string> filters, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            filters.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}

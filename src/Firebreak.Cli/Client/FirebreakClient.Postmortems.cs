using System.Text;
using Firebreak.Server.Postmortems;

namespace Firebreak.Cli.Client;

/// <summary>Postmortems: read, open, write sections with the version read, curate, review, publish, export; and their action items.</summary>
public sealed partial class FirebreakClient
{
    private static string Postmortem(string incident) => $"{Incident(incident)}/postmortem";

    private static string Action(string action) => $"api/v1/actions/{Uri.EscapeDataString(action)}";

    /// <summary>GET /api/v1/incidents/{incident}/postmortem.</summary>
    public Task<ApiResponse<PostmortemDto>> GetPostmortemAsync(string incident, CancellationToken cancellationToken = default) =>
        GetAsync(Postmortem(incident), PostmortemJson.Default.PostmortemDto, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/postmortem: open it on demand.</summary>
    public Task<ApiResponse<PostmortemDto>> OpenPostmortemAsync(string incident, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Postmortem(incident), content: null, PostmortemJson.Default.PostmortemDto, ifVersion: null, cancellationToken);

    /// <summary>PUT /api/v1/incidents/{incident}/postmortem/sections/{section}, only at <paramref name="ifVersion"/> when given (412 otherwise).</summary>
    public Task<ApiResponse<PostmortemDto>> EditPostmortemSectionAsync(string incident, string section, string text, long? ifVersion, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"{Postmortem(incident)}/sections/{Uri.EscapeDataString(section)}", Json(new EditSectionRequest { Text = text }, PostmortemJson.Default.EditSectionRequest), PostmortemJson.Default.PostmortemDto, ifVersion, cancellationToken);

    /// <summary>PUT /api/v1/incidents/{incident}/postmortem/whys: the whole chain.</summary>
    public Task<ApiResponse<PostmortemDto>> SetPostmortemWhysAsync(string incident, SetWhysRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Put, $"{Postmortem(incident)}/whys", request, PostmortemJson.Default.SetWhysRequest, PostmortemJson.Default.PostmortemDto, cancellationToken);

    /// <summary>PUT /api/v1/incidents/{incident}/postmortem/tags: set the root-cause tags whole.</summary>
    public Task<ApiResponse<PostmortemDto>> SetPostmortemCauseTagsAsync(string incident, SetCauseTagsRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Put, $"{Postmortem(incident)}/tags", request, PostmortemJson.Default.SetCauseTagsRequest, PostmortemJson.Default.PostmortemDto, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/postmortem/timeline: take an entry in or out.</summary>
    public Task<ApiResponse<PostmortemDto>> CuratePostmortemTimelineAsync(string incident, CurateTimelineRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"{Postmortem(incident)}/timeline", request, PostmortemJson.Default.CurateTimelineRequest, PostmortemJson.Default.PostmortemDto, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/postmortem/review.</summary>
    public Task<ApiResponse<PostmortemDto>> RequestPostmortemReviewAsync(string incident, RequestReviewRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"{Postmortem(incident)}/review", request, PostmortemJson.Default.RequestReviewRequest, PostmortemJson.Default.PostmortemDto, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/postmortem/publish.</summary>
    public Task<ApiResponse<PostmortemDto>> PublishPostmortemAsync(string incident, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"{Postmortem(incident)}/publish", content: null, PostmortemJson.Default.PostmortemDto, ifVersion: null, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/postmortem/reopen.</summary>
    public Task<ApiResponse<PostmortemDto>> ReopenPostmortemAsync(string incident, ReasonRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"{Postmortem(incident)}/reopen", request, PostmortemJson.Default.ReasonRequest, PostmortemJson.Default.PostmortemDto, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/postmortem/findings/dismiss.</summary>
    public Task<ApiResponse<PostmortemDto>> DismissPostmortemFindingAsync(string incident, DismissFindingRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"{Postmortem(incident)}/findings/dismiss", request, PostmortemJson.Default.DismissFindingRequest, PostmortemJson.Default.PostmortemDto, cancellationToken);

    /// <summary>GET /api/v1/incidents/{incident}/postmortem/export?format=markdown|html: the document's text.</summary>
    public async Task<string> ExportPostmortemAsync(string incident, string format, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await SendAsync(HttpMethod.Get, $"{Postmortem(incident)}/export?format={Uri.EscapeDataString(format)}", null, null, cancellationToken));

    /// <summary>GET /api/v1/postmortems.</summary>
    public Task<ApiResponse<PostmortemListDto>> GetPostmortemsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/postmortems", PostmortemJson.Default.PostmortemListDto, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/postmortem/actions.</summary>
    public Task<ApiResponse<ActionItemDto>> AddActionItemAsync(string incident, ActionItemRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"{Postmortem(incident)}/actions", request, PostmortemJson.Default.ActionItemRequest, PostmortemJson.Default.ActionItemDto, cancellationToken);

    /// <summary>GET /api/v1/actions with the query's filters.</summary>
    public Task<ApiResponse<ActionListDto>> GetActionItemsAsync(ActionListQuery query, CancellationToken cancellationToken = default)
    {
        var filters = new List<string>();
        AddFilter(filters, "owner", query.Owner);
        AddFilter(filters, "overdue", query.Overdue ? "true" : null);
        AddFilter(filters, "service", query.Service);
        AddFilter(filters, "team", query.Team);
        AddFilter(filters, "incident", query.Incident);
        AddFilter(filters, "all", query.All ? "true" : null);
        var path = "api/v1/actions" + (filters.Count > 0 ? "?" + string.Join('&', filters) : string.Empty);
        return GetAsync(path, PostmortemJson.Default.ActionListDto, cancellationToken);
    }

    /// <summary>GET /api/v1/actions/{action} (ACT-7 or 7).</summary>
    public Task<ApiResponse<ActionItemDto>> GetActionItemAsync(string action, CancellationToken cancellationToken = default) =>
        GetAsync(Action(action), PostmortemJson.Default.ActionItemDto, cancellationToken);

    /// <summary>PATCH /api/v1/actions/{action}: a field left null stays as it is.</summary>
    public Task<ApiResponse<ActionItemDto>> UpdateActionItemAsync(string action, ActionItemRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Patch, Action(action), request, PostmortemJson.Default.ActionItemRequest, PostmortemJson.Default.ActionItemDto, cancellationToken);

    /// <summary>POST /api/v1/actions/{action}/status.</summary>
    public Task<ApiResponse<ActionItemDto>> ChangeActionItemStatusAsync(string action, ActionStatusRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"{Action(action)}/status", request, PostmortemJson.Default.ActionStatusRequest, PostmortemJson.Default.ActionItemDto, cancellationToken);

    /// <summary>POST /api/v1/actions/{action}/push.</summary>
    public Task<ApiResponse<ActionItemDto>> PushActionItemAsync(string action, string tracker, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"{Action(action)}/push", new PushActionRequest { Tracker = tracker }, PostmortemJson.Default.PushActionRequest, PostmortemJson.Default.ActionItemDto, cancellationToken);
}

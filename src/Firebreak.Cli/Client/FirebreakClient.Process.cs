using System.Net.Http.Headers;
using Firebreak.Core.Triage;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Mitigations;
using Firebreak.Server.Updates;
using Firebreak.Server.Investigation;
using Firebreak.Server.Evidence;
using Firebreak.Server.Triage;

namespace Firebreak.Cli.Client;

/// <summary>The process routes: severities, triage, updates, mitigations, hypotheses, checklists and evidence.</summary>
public sealed partial class FirebreakClient
{
    /// <summary>GET /api/v1/severities: the levels in force and their policies.</summary>
    public async Task<ApiResponse<IReadOnlyList<SeverityDto>>> GetSeveritiesAsync(CancellationToken cancellationToken = default)
    {
        var (levels, json) = await GetAsync("api/v1/severities", ApiJson.Default.ListSeverityDto, cancellationToken);
        return new ApiResponse<IReadOnlyList<SeverityDto>>(levels, json);
    }

    /// <summary>POST /api/v1/triage: the severity the answers suggest (unknown answers count as the worse case).</summary>
    public Task<ApiResponse<TriageSuggestion>> TriageAsync(TriageRequest answers, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/triage", answers, ApiJson.Default.TriageRequest, ApiJson.Default.TriageSuggestion, cancellationToken);

    /// <summary>GET /api/v1/incidents/{incident}/updates/draft: a stakeholder update from a template (default: the one that fits the status).</summary>
    public Task<ApiResponse<UpdateDraftDto>> DraftUpdateAsync(string incident, string? template = null, CancellationToken cancellationToken = default) =>
        GetAsync($"{Incident(incident)}/updates/draft{(template is null ? string.Empty : $"?template={Uri.EscapeDataString(template)}")}", ApiJson.Default.UpdateDraftDto, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/updates: post a stakeholder update.</summary>
    public Task<ApiResponse<IncidentDto>> PostUpdateAsync(string incident, PostUpdateRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, "updates", request, ApiJson.Default.PostUpdateRequest, options, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/mitigations: propose a mitigation.</summary>
    public Task<ApiResponse<IncidentDto>> ProposeMitigationAsync(string incident, ProposeMitigationRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, "mitigations", request, ApiJson.Default.ProposeMitigationRequest, options, cancellationToken);

    /// <summary>POST …/mitigations/{mitigation}/approve: the commander approves a risky mitigation.</summary>
    public Task<ApiResponse<IncidentDto>> ApproveMitigationAsync(string incident, int mitigation, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        MitigationStepAsync(incident, mitigation, "approve", new MitigationStepRequest(), options, cancellationToken);

    /// <summary>POST …/mitigations/{mitigation}/start.</summary>
    public Task<ApiResponse<IncidentDto>> StartMitigationAsync(string incident, int mitigation, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        MitigationStepAsync(incident, mitigation, "start", new MitigationStepRequest(), options, cancellationToken);

    /// <summary>POST …/mitigations/{mitigation}/apply.</summary>
    public Task<ApiResponse<IncidentDto>> ApplyMitigationAsync(string incident, int mitigation, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        MitigationStepAsync(incident, mitigation, "apply", new MitigationStepRequest(), options, cancellationToken);

    /// <summary>POST …/mitigations/{mitigation}/verify, with a note on how you know it worked.</summary>
    public Task<ApiResponse<IncidentDto>> VerifyMitigationAsync(string incident, int mitigation, MitigationStepRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        MitigationStepAsync(incident, mitigation, "verify", request, options, cancellationToken);

    /// <summary>POST …/mitigations/{mitigation}/abandon, with the reason in the note (required).</summary>
    public Task<ApiResponse<IncidentDto>> AbandonMitigationAsync(string incident, int mitigation, MitigationStepRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        MitigationStepAsync(incident, mitigation, "abandon", request, options, cancellationToken);

    /// <summary>POST …/hypotheses/{entry}: confirm, reject or reopen a hypothesis entry.</summary>
    public Task<ApiResponse<IncidentDto>> SetHypothesisAsync(string incident, long entry, HypothesisRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, $"hypotheses/{Number(entry)}", request, ApiJson.Default.HypothesisRequest, options, cancellationToken);

    /// <summary>POST …/checklists/{checklist}/items/{item}: tick an item of an incident checklist.</summary>
    /// <remarks>The route has no fields of its own; it reads the mitigation steps' body, which carries the override reason.</remarks>
    public Task<ApiResponse<IncidentDto>> TickChecklistItemAsync(string incident, string checklist, int item, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, $"checklists/{Uri.EscapeDataString(checklist)}/items/{Number(item)}", new MitigationStepRequest(), ApiJson.Default.MitigationStepRequest, options, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/evidence: keep a text or a link as evidence.</summary>
    public Task<ApiResponse<EvidenceDto>> AttachEvidenceAsync(string incident, EvidenceRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync($"{Incident(incident)}/evidence", request, ApiJson.Default.EvidenceRequest, ApiJson.Default.EvidenceDto, options, cancellationToken);

    /// <summary>
    /// POST /api/v1/incidents/{incident}/evidence/file: keep a file, byte for byte, under
    /// <paramref name="name"/> (default: the file's name).
    /// </summary>
    public async Task<ApiResponse<EvidenceDto>> AttachEvidenceFileAsync(
        string incident, FileInfo file, string? name = null, bool verification = false, long? ifVersion = null, CancellationToken cancellationToken = default)
    {
        if (!file.Exists)
        {
            throw new CliException($"There is no file {file.FullName}.");
        }

        var content = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        return await AttachEvidenceContentAsync(incident, name ?? file.Name, content, verification, ifVersion, cancellationToken);
    }

    /// <summary>POST /api/v1/incidents/{incident}/evidence/file: keep these bytes as a file named <paramref name="name"/>.</summary>
    /// <remarks>The file route takes no override reason: only the expected version can be given.</remarks>
    public Task<ApiResponse<EvidenceDto>> AttachEvidenceContentAsync(
        string incident, string name, byte[] content, bool verification = false, long? ifVersion = null, CancellationToken cancellationToken = default)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var path = $"{Incident(incident)}/evidence/file?name={Uri.EscapeDataString(name)}{(verification ? "&verification=true" : string.Empty)}";
        return SendAsync(HttpMethod.Post, path, body, ApiJson.Default.EvidenceDto, ifVersion, cancellationToken);
    }

    /// <summary>GET /api/v1/incidents/{incident}/evidence.</summary>
    public async Task<ApiResponse<IReadOnlyList<EvidenceDto>>> ListEvidenceAsync(string incident, CancellationToken cancellationToken = default)
    {
        var (items, json) = await GetAsync($"{Incident(incident)}/evidence", ApiJson.Default.ListEvidenceDto, cancellationToken);
        return new ApiResponse<IReadOnlyList<EvidenceDto>>(items, json);
    }

    /// <summary>GET …/evidence/{evidence}/content: the content, byte for byte as attached.</summary>
    public Task<byte[]> DownloadEvidenceAsync(string incident, long evidence, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"{Incident(incident)}/evidence/{Number(evidence)}/content", content: null, ifVersion: null, cancellationToken);

    /// <summary>Downloads the content into a file, written only once all of it arrived; returns its size in bytes.</summary>
    public async Task<long> DownloadEvidenceToFileAsync(string incident, long evidence, string path, CancellationToken cancellationToken = default)
    {
        var content = await DownloadEvidenceAsync(incident, evidence, cancellationToken);
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        return content.LongLength;
    }

    private Task<ApiResponse<IncidentDto>> MitigationStepAsync(
        string incident, int mitigation, string action, MitigationStepRequest request, CommandOptions? options, CancellationToken cancellationToken) =>
        IncidentCommandAsync(incident, $"mitigations/{Number(mitigation)}/{action}", request, ApiJson.Default.MitigationStepRequest, options, cancellationToken);
}

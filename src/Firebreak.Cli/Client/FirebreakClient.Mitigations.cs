using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Mitigations;

namespace Firebreak.Cli.Client;

/// <summary>Mitigations: propose one, then approve, start, apply, verify or abandon it.</summary>
public sealed partial class FirebreakClient
{
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

    private Task<ApiResponse<IncidentDto>> MitigationStepAsync(
        string incident, int mitigation, string action, MitigationStepRequest request, CommandOptions? options, CancellationToken cancellationToken) =>
        IncidentCommandAsync(incident, $"mitigations/{Number(mitigation)}/{action}", request, ApiJson.Default.MitigationStepRequest, options, cancellationToken);
}

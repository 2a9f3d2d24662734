using Firebreak.Core.Updates;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;

namespace Firebreak.Server.Configuration;

/// <summary>One HTTP health check of a service, used to verify a fix.</summary>
public sealed record HealthCheck(string Name, Uri Url, int ExpectStatus, string? BodyContains, TimeSpan Timeout);

/// <summary>
/// A probe of a service, run by the server at its interval: an HTTP GET judged as a health check is,
/// slower than <see cref="Latency"/> or with a certificate expiring within <see cref="CertExpiryDays"/> days
/// counting as failing; a failing probe raises an alert, a passing one resolves it.
/// </summary>
public sealed record ProbeConfig(string Name, string Service, Uri Url, int? ExpectStatus, string? BodyContains, TimeSpan Timeout, TimeSpan Interval, TimeSpan? Latency, int? CertExpiryDays, string? DeclareSeverity);

/// <summary>A service and its health checks and probes, and the team that owns it (for the action item lists).</summary>
public sealed record ServiceConfig(string Name, IReadOnlyList<HealthCheck> HealthChecks)
{
    public string? Team { get; init; }

    public IReadOnlyList<ProbeConfig> Probes { get; init; } = [];
}

/// <summary>
/// The process policy in force, from firebreak.yaml over the built-in defaults: severity levels,
/// guardrails, update templates, services with health checks, evidence and verification settings.
/// </summary>
public sealed record FirebreakConfig
{
    public const long DefaultMaxEvidenceBytes = 10 * 1024 * 1024;

    /// <summary>The file it came from, or null for the built-in defaults.</summary>
    public string? Source { get; init; }

    public SeverityScale Severities { get; init; } = SeverityScale.Default;

    public GuardrailOptions Guardrails { get; init; } = GuardrailOptions.Default;

    public UpdateTemplates Templates { get; init; } = UpdateTemplates.Default;

    public IReadOnlyList<ServiceConfig> Services { get; init; } = [];

    public long MaxEvidenceBytes { get; init; } = DefaultMaxEvidenceBytes;

    /// <summary>Channels, routes and how deliveries are made.</summary>
    public Notifications.NotificationsConfig Notifications { get; init; } = Server.Notifications.NotificationsConfig.None;

    /// <summary>The public status page: its name and components.</summary>
    public StatusPage.StatusPageConfig StatusPage { get; init; } = Server.StatusPage.StatusPageConfig.Default;

    /// <summary>The review after resolve: the blameless-language rules in force.</summary>
    public Postmortems.PostmortemConfig Postmortems { get; init; } = Server.Postmortems.PostmortemConfig.Default;

    /// <summary>The integrations that send alerts (none by default).</summary>
    public Alerts.AlertConfig Alerts { get; init; } = Server.Alerts.AlertConfig.None;

    /// <summary>How often health checks run while a fix is being verified.</summary>
    public TimeSpan VerificationInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Lowercase names of the services that have health checks.</summary>
    public IReadOnlySet<string> CheckedServices =>
        Services.Where(s => s.HealthChecks.Count > 0).Select(s => s.Name.ToLowerInvariant()).ToHashSet();

    /// <summary>What a decision needs from the policy in force, for this actor and moment.</summary>
    public DecisionContext DecisionContext(string actor, DateTimeOffset now, string? overrideReason = null) =>
        new(actor, now, Severities)
        {
            Guardrails = Guardrails,
            CheckedServices = CheckedServices,
            Components = [.. StatusPage.Components.Select(c => c.Name)],
            Override = string.IsNullOrWhiteSpace(overrideReason) ? null : overrideReason,
        };

    public ServiceConfig? Service(string name) =>
        Services.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}

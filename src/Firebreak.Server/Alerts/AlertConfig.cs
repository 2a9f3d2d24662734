using System.Security.Cryptography;
using System.Text;
using Firebreak.Core.Alerts;
using Firebreak.Server.Configuration;

namespace Firebreak.Server.Alerts;

/// <summary>The formats an integration takes: each has its own intake endpoint.</summary>
public static class AlertSources
{
    public const string Alertmanager = "alertmanager";
    public const string Grafana = "grafana";
    public const string Prometheus = "prometheus";
    public const string PagerDuty = "pagerduty";

    public static readonly string[] All = [Alertmanager, Grafana, Prometheus, PagerDuty];

    /// <summary>Where a sender of the format posts, relative to Firebreak's URL.</summary>
    public static string EndpointOf(string source) => source switch
    {
        Alertmanager => "/intake/alertmanager",
        Grafana => "/intake/grafana",
        Prometheus => "/intake/prometheus/api/v2/alerts",
        _ => "/v2/enqueue",
    };

    /// <summary>
    /// Whether a request is for a receiver: its credentials are an integration's key, which the receiver
    /// checks itself, never an account's token or password (so a sender costs no sign-in and throttles no one).
    /// </summary>
    public static bool IsIntake(PathString path) =>
        path.StartsWithSegments("/intake", StringComparison.OrdinalIgnoreCase) || path.Equals("/v2/enqueue", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One integration: a sender of one format, the key it presents, and how its alerts become groups and incidents.</summary>
public sealed record AlertIntegration(string Name, string Source, Secret Key, AlertPolicy Policy)
{
    /// <summary>Whether <paramref name="presented"/> is this integration's key (compared in constant time).</summary>
    public bool Accepts(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(Key.Reveal()));
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}

/// <summary>The alerts section of firebreak.yaml: the integrations.</summary>
public sealed record AlertConfig(IReadOnlyList<AlertIntegration> Integrations)
{
    public static readonly AlertConfig None = new([]);

    /// <summary>The integration of <paramref name="source"/> whose key was presented, or null.</summary>
    public AlertIntegration? Find(string source, string? key) => Integrations.FirstOrDefault(i => i.Source == source && i.Accepts(key));

    public AlertIntegration? Named(string name) => Integrations.FirstOrDefault(i => i.Name == name);
}

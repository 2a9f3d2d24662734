namespace Firebreak.Core.Alerts;

/// <summary>The formats an integration takes: each has its own intake endpoint.</summary>
public static class AlertSources
{
    public const string Alertmanager = "alertmanager";
    public const string Grafana = "grafana";
    public const string Prometheus = "prometheus";
    public const string PagerDuty = "pagerduty";
    public const string Webhook = "webhook";

    public static readonly string[] All = [Alertmanager, Grafana, Prometheus, PagerDuty, Webhook];

    /// <summary>Where a sender of the format posts, relative to Firebreak's URL.</summary>
    public static string EndpointOf(string source) => source switch
    {
        Alertmanager => "/intake/alertmanager",
        Grafana => "/intake/grafana",
        Prometheus => "/intake/prometheus/api/v2/alerts",
        Webhook => "/intake/webhook",
        _ => "/v2/enqueue",
    };
}

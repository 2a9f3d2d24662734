using System.Text.Json;
using Firebreak.Core.Alerts;
using Firebreak.Core.Alerts.Sources;
using Firebreak.Core.Common;

namespace Firebreak.Core.Tests.Alerts;

/// <summary>Each source read from payloads in the shapes its sender posts, and refused, naming the field, when it is not that shape.</summary>
public sealed class AlertSourceTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 10, 5, 0, TimeSpan.Zero);

    private static JsonElement Payload(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Alerts", "Payloads", name))).RootElement;

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Alertmanager_OneGroupByItsKey_EachAlertByItsFingerprint_WithTheCommonAnnotationsUnderItsOwn()
    {
        var batch = AlertmanagerSource.Parse(Payload("alertmanager-0.25-firing-and-resolved.json"), grafana: false).Value;
        Assert.Equal("{}/{team=\"db\"}:{alertname=\"DiskFull\"}", batch.GroupKey);
        Assert.False(batch.GroupResolved);
        Assert.Equal(["5e3c6a5d1f0b9a77", "a1b2c3d4e5f60718"], batch.Alerts.Select(a => a.Fingerprint));
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], batch.Alerts.Select(a => a.Status));
        var firing = batch.Alerts[0];
        Assert.Equal("db1 disk 97% full", firing.Title);
        Assert.Equal("db1:9100", firing.Label("instance"));
        Assert.Equal("https://runbooks.example/disk", firing.Annotations["runbook_url"]);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4568), firing.StartsAt);
        Assert.Null(firing.EndsAt);   // Go's zero time: not ended
        Assert.StartsWith("http://prometheus.example:9090/graph", firing.Link, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 4, 30, TimeSpan.Zero), batch.Alerts[1].EndsAt);
    }

    [Fact]
    public void Alertmanager_AllResolved_SaysTheGroupIsResolved_AndKeepsTheTruncatedCount_IgnoringNewerFields()
    {
        var batch = AlertmanagerSource.Parse(Payload("alertmanager-0.25-all-resolved.json"), grafana: false).Value;
        Assert.True(batch.GroupResolved);
        Assert.Equal(2, batch.Truncated);
        Assert.Null(Assert.Single(batch.Alerts).Link);
    }

    [Fact]
    public void Grafana_IsTheSameShapeWithVersion1_AndLinksToThePanel()
    {
        var batch = AlertmanagerSource.Parse(Payload("grafana-firing.json"), grafana: true).Value;
        var alert = Assert.Single(batch.Alerts);
        Assert.Equal(("0d5c1f2a9b8e7d6c", "CPU high on web1", "http://grafana.example/d/dash1?orgId=1&viewPanel=4"), (alert.Fingerprint, alert.Title, alert.Link));
        Assert.Equal("version", Assert.IsType<Invalid>(AlertmanagerSource.Parse(Payload("grafana-firing.json"), grafana: false).Error).Field);
        Assert.Equal("version", Assert.IsType<Invalid>(AlertmanagerSource.Parse(Payload("alertmanager-0.25-all-resolved.json"), grafana: true).Error).Field);
    }

    [Fact]
    public void PagerDuty_Trigger_TakesTheDedupKey_FieldsBecomeLabels_DetailsAnnotations()
    {
        var (key, batch) = PagerDutySource.Parse(Payload("pagerduty-trigger.json"), Now, () => "generated").Value;
        Assert.Equal("0123456789abcdef0123456789abcdef", key);
        Assert.Equal("checkout-5xx", batch.DedupKey);
        var alert = Assert.Single(batch.Alerts);
        Assert.Equal(("checkout-5xx", AlertStatus.Firing, "checkout 5xx above 5%"), (alert.Fingerprint, alert.Status, alert.Title));
        Assert.Equal(("checkout-api-1", "critical", "checkout", "prod", "http-errors"), (alert.Label("source"), alert.Label("severity"), alert.Label("component"), alert.Label("group"), alert.Label("class")));
        Assert.Equal(("0.071", "since the 14:00 deploy"), (alert.Annotations["ratio"], alert.Annotations["note"]));
        Assert.Equal(new DateTimeOffset(2015, 7, 17, 8, 42, 58, 315, TimeSpan.Zero), alert.StartsAt);
        Assert.Equal("https://monitoring.example.com", alert.Link);
    }

    [Fact]
    public void PagerDuty_FromAlertmanager_AndATriggerWithoutAKey_GetsOneMade()
    {
        var (_, batch) = PagerDutySource.Parse(Payload("pagerduty-from-alertmanager.json"), Now, () => "generated").Value;
        Assert.Equal(64, Assert.Single(batch.Alerts).Fingerprint.Length);
        Assert.Equal("[FIRING:2] DiskFull (critical db)", batch.Alerts[0].Title);

        var (_, made) = PagerDutySource.Parse(Json("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info"}}"""), Now, () => "generated").Value;
        Assert.Equal("generated", made.DedupKey);
        Assert.Equal(Now, made.Alerts[0].StartsAt);
    }

    [Fact]
    public void PagerDuty_ResolveAndAcknowledge_NeedOnlyTheKey()
    {
        var (_, resolve) = PagerDutySource.Parse(Json("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"resolve","dedup_key":"checkout-5xx"}"""), Now, () => "x").Value;
        Assert.Equal((AlertStatus.Resolved, IntakeAction.Notify), (resolve.Alerts[0].Status, resolve.Action));
        var (_, ack) = PagerDutySource.Parse(Json("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"acknowledge","dedup_key":"checkout-5xx","payload":{"summary":"s"}}"""), Now, () => "x").Value;
        Assert.Equal(IntakeAction.Acknowledge, ack.Action);
    }

    [Theory]
    [InlineData("""[]""", "body", "unrecognized")]
    [InlineData("""{"event_action":"trigger"}""", "routing_key", "'routing_key' is missing or blank")]
    [InlineData("""{"routing_key":"short","event_action":"trigger"}""", "routing_key", "Length of 'routing_key' is incorrect (should be 32 characters)")]
    [InlineData("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"page"}""", "event_action", "'event_action' is invalid")]
    [InlineData("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"resolve"}""", "dedup_key", "'dedup_key' is missing or blank")]
    [InlineData("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger"}""", "payload", "'payload' is missing or blank")]
    [InlineData("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger","payload":{"source":"h","severity":"info"}}""", "payload.summary", "'payload.summary' is missing or blank")]
    [InlineData("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger","payload":{"summary":"s","severity":"info"}}""", "payload.source", "'payload.source' is missing or blank")]
    [InlineData("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger","payload":{"summary":"s","source":"h"}}""", "payload.severity", "'payload.severity' is missing or blank")]
    [InlineData("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"page"}}""", "payload.severity", "'payload.severity' is invalid")]
    [InlineData("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger","dedup_key":5,"payload":{"summary":"s","source":"h","severity":"info"}}""", "dedup_key", "'dedup_key' is invalid")]
    public void PagerDuty_BadEvents_AreRefusedInItsOwnWords(string json, string field, string message)
    {
        var error = Assert.IsType<Invalid>(PagerDutySource.Parse(Json(json), Now, () => "x").Error);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""[1]""", "body")]
    [InlineData("""{"version":"3","alerts":[]}""", "version")]
    [InlineData("""{"version":"4"}""", "alerts")]
    [InlineData("""{"version":"4","alerts":{}}""", "alerts")]
    [InlineData("""{"version":"4","status":"burning","alerts":[]}""", "status")]
    [InlineData("""{"version":"4","alerts":[5]}""", "alerts[0]")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing"}]}""", "alerts[0].labels")]
    [InlineData("""{"version":"4","alerts":[{"status":"on","labels":{"a":"b"}}]}""", "alerts[0].status")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","labels":{"a":["b"]}}]}""", "alerts[0].labels")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","labels":"a=b"}]}""", "alerts[0].labels")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","labels":{"a":"b"},"startsAt":"yesterday"}]}""", "alerts[0].startsAt")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","labels":{"a":"b"},"fingerprint":7}]}""", "alerts[0].fingerprint")]
    public void Alertmanager_BadPayloads_AreRefusedNamingTheField(string json, string field) =>
        Assert.Equal(field, Assert.IsType<Invalid>(AlertmanagerSource.Parse(Json(json), grafana: false).Error).Field);

    [Fact]
    public void Alertmanager_MoreAlertsThanTheLimit_AreRefused()
    {
        var alerts = string.Join(',', Enumerable.Range(0, AlertLimits.MaxAlertsPerRequest + 1).Select(i => "{\"status\":\"firing\",\"labels\":{\"i\":\"" + i + "\"}}"));
        Assert.Equal("alerts", Assert.IsType<Invalid>(AlertmanagerSource.Parse(Json($$"""{"version":"4","alerts":[{{alerts}}]}"""), grafana: false).Error).Field);
    }

    [Fact]
    public void Prometheus_AnAlertEndedInThePast_IsResolved_OneEndingLater_Fires_AndTheFingerprintIsTheLabelSets()
    {
        var batch = PrometheusSource.Parse(Payload("prometheus-v2-alerts.json"), Now.AddMinutes(-2)).Value;   // 10:03: the first ends at 10:04, the second ended at 9:50
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], batch.Alerts.Select(a => a.Status));
        Assert.Null(batch.GroupKey);
        Assert.Equal(16, batch.Alerts[0].Fingerprint.Length);
        Assert.NotEqual(batch.Alerts[0].Fingerprint, batch.Alerts[1].Fingerprint);
        var again = PrometheusSource.Parse(Payload("prometheus-v2-alerts.json"), Now.AddMinutes(-1)).Value;
        Assert.Equal(batch.Alerts[1].Fingerprint, again.Alerts[1].Fingerprint);   // the same labels, the same alert
        Assert.Equal(AlertStatus.Firing, PrometheusSource.Parse(Json("""[{"labels":{"alertname":"A"}}]"""), Now).Value.Alerts[0].Status);
    }

    [Theory]
    [InlineData("""{"labels":{"a":"b"}}""", "body", "array")]
    [InlineData("""[{"labels":{}}]""", "[0].labels", "at least one label pair required")]
    [InlineData("""[{"labels":{"a":""}}]""", "[0].labels", "at least one label pair required")]
    [InlineData("""[{"labels":{"!bad":"x"}}]""", "[0].labels", "invalid label set: invalid name \"!bad\"")]
    [InlineData("""[{"labels":{"a":"b"},"startsAt":"2025-03-01T10:00:00Z","endsAt":"2025-03-01T09:00:00Z"}]""", "[0].endsAt", "start time must be before end time")]
    public void Prometheus_BadAlerts_AreRefusedInAlertmanagersWords(string json, string field, string message)
    {
        var error = Assert.IsType<Invalid>(PrometheusSource.Parse(Json(json), Now).Error);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}

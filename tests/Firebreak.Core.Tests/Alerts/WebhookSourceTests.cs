using System.Text.Json;
using Firebreak.Core.Alerts;
using Firebreak.Core.Alerts.Sources;
using Firebreak.Core.Common;

namespace Firebreak.Core.Tests.Alerts;

/// <summary>A generic JSON sender read through its integration's mapping: one alert or an array of them, firing by the status values, refused naming the path.</summary>
public sealed class WebhookSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void OneAlert_ByItsPaths()
    {
        var mapping = new WebhookMapping("check.name", Fingerprint: "check.id", Status: "state", Labels: "check.tags", Annotations: "details", StartsAt: "time", Link: "check.url");
        var batch = WebhookSource.Parse(Json("""{"state":"DOWN","time":"2026-03-01T09:58:00Z","check":{"id":"c-17","name":"checkout.example.com is down","url":"https://uptime.example/c-17","tags":{"service":"checkout","region":"eu"}},"details":{"reason":"timeout"}}"""), mapping with { Firing = ["down"] }, Now).Value;
        var alert = Assert.Single(batch.Alerts);
        Assert.Equal(("c-17", AlertStatus.Firing, "checkout.example.com is down", "https://uptime.example/c-17"), (alert.Fingerprint, alert.Status, alert.Title, alert.Link));
        Assert.Equal(("checkout", "timeout"), (alert.Labels["service"], alert.Annotations["reason"]));
        Assert.Equal(Now.AddMinutes(-2), alert.StartsAt);

        var up = WebhookSource.Parse(Json("""{"state":"UP","check":{"id":"c-17","name":"checkout.example.com is up"}}"""), mapping with { Firing = ["down"] }, Now).Value;
        Assert.Equal(AlertStatus.Resolved, up.Alerts[0].Status);
    }

    [Fact]
    public void AnArrayOfAlerts_WithoutAFingerprint_IsKnownByItsLabelsAndTitle_AndWithoutAStatusFires()
    {
        var mapping = new WebhookMapping("title", Labels: "labels", Alerts: "data.alerts");
        var batch = WebhookSource.Parse(Json("""{"data":{"alerts":[{"title":"Queue deep","labels":{"queue":"orders"}},{"title":"Queue deep","labels":{"queue":"refunds"}}]}}"""), mapping, Now).Value;
        Assert.Equal(2, batch.Alerts.Count);
        Assert.NotEqual(batch.Alerts[0].Fingerprint, batch.Alerts[1].Fingerprint);
        Assert.All(batch.Alerts, a => Assert.Equal(AlertStatus.Firing, a.Status));
        var again = WebhookSource.Parse(Json("""{"data":{"alerts":[{"title":"Queue deep","labels":{"queue":"orders"}}]}}"""), mapping, Now.AddMinutes(1)).Value;
        Assert.Equal(batch.Alerts[0].Fingerprint, again.Alerts[0].Fingerprint);
    }

    [Theory]
    [InlineData("""{"x":1}""", "body.title")]
    [InlineData("""{"title":"  "}""", "body.title")]
    [InlineData("""{"title":"t","when":"yesterday"}""", "body.when")]
    [InlineData("""{"title":"t","labels":{"a":{"b":1}}}""", "body.labels")]
    [InlineData("""[1]""", "body")]
    public void BadBodies_AreRefusedNamingThePath(string json, string field) =>
        Assert.Equal(field, Assert.IsType<Invalid>(WebhookSource.Parse(Json(json), new WebhookMapping("title", Labels: "labels", StartsAt: "when"), Now).Error).Field);

    [Fact]
    public void TheAlertsPath_MustBeAnArray()
    {
        Assert.Equal("items", Assert.IsType<Invalid>(WebhookSource.Parse(Json("""{"items":{}}"""), new WebhookMapping("title", Alerts: "items"), Now).Error).Field);
    }

    [Theory]
    [InlineData("", null, "mapping.title is required")]
    [InlineData("a..b", null, "is not a path")]
    [InlineData("title", ".id", "is not a path")]
    public void AMappingThatIsNotPaths_IsRefused(string title, string? fingerprint, string message) =>
        Assert.Contains(message, Integration.MappingProblem(AlertSources.Webhook, new WebhookMapping(title, fingerprint)), StringComparison.Ordinal);

    [Fact]
    public void OnlyAWebhookTakesAMapping_AndAWebhookNeedsOne()
    {
        Assert.Contains("needs a mapping", Integration.MappingProblem(AlertSources.Webhook, null), StringComparison.Ordinal);
        Assert.Contains("Only a webhook", Integration.MappingProblem(AlertSources.Grafana, new WebhookMapping("title")), StringComparison.Ordinal);
        Assert.Null(Integration.MappingProblem(AlertSources.Grafana, null));
    }
}

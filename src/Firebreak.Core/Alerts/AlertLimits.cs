namespace Firebreak.Core.Alerts;

/// <summary>The bounds on what a sender may post, so one request cannot fill the store.</summary>
public static class AlertLimits
{
    /// <summary>The largest request body an intake endpoint reads (PagerDuty's own limit is 512 KB).</summary>
    public const int MaxBody = 1024 * 1024;

    public const int MaxAlertsPerRequest = 1_000;
    public const int MaxLabels = 64;
    public const int MaxLabelName = 128;
    public const int MaxLabelValue = 1_024;
    public const int MaxAnnotation = 8_192;
    public const int MaxTitle = 1_024;
    public const int MaxFingerprint = 255;
}

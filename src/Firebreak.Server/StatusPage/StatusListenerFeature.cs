namespace Firebreak.Server.StatusPage;

/// <summary>Set on every connection accepted by a --status-urls listener: the requests on it see only the public status page.</summary>
public sealed class StatusListenerFeature
{
    public static readonly StatusListenerFeature Instance = new();

    private StatusListenerFeature()
    {
    }
}

namespace Firebreak.Storage.Streams;

/// <summary>
/// Where the writes of the current request come from — the client's address — so that a projection
/// such as the audit log can record it. The host sets it once per request; a write takes it when
/// it is queued, so it survives the hop to the group-commit drainer.
/// </summary>
public static class WriteOrigin
{
    private static readonly AsyncLocal<string?> Value = new();

    public static string? Current
    {
        get => Value.Value;
        set => Value.Value = value;
    }
}

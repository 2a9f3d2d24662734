namespace Firebreak.Server.Verification;

/// <summary>
/// What one <see cref="HttpCheck"/> found: whether it passed, the status (null when nothing answered),
/// how long it took, and the verdict in words.
/// </summary>
public sealed record HttpCheckResult(bool Passed, int? Status, TimeSpan Elapsed, string Detail)
{
    /// <summary>Where a redirect pointed (redirects are not followed), when the answer was one.</summary>
    public Uri? Location { get; init; }
}

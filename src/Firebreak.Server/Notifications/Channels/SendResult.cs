namespace Firebreak.Server.Notifications.Channels;

/// <summary>How a try went, in terms the dispatcher acts on.</summary>
public enum SendOutcome
{
    Delivered,

    /// <summary>A passing fault (timeout, refused connection, 5xx, 429): try again later.</summary>
    Retry,

    /// <summary>The receiver refused the message for good (a 4xx other than 408 and 429): trying again cannot help.</summary>
    Refused,
}

/// <summary>
/// The result of one try: the outcome, the receiver's status code (null when none came back), a short
/// detail (the start of the answer, or the error), and the wait the receiver asked for (Retry-After).
/// </summary>
public sealed record SendResult(SendOutcome Outcome, int? Status, string? Detail, TimeSpan? RetryAfter = null)
{
    public static SendResult Delivered(int? status, string? detail = null) => new(SendOutcome.Delivered, status, detail);

    public static SendResult Retry(string detail, int? status = null, TimeSpan? retryAfter = null) => new(SendOutcome.Retry, status, detail, retryAfter);

    public static SendResult Refused(string detail, int? status = null) => new(SendOutcome.Refused, status, detail);
}

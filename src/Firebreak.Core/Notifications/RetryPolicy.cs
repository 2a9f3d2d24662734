namespace Firebreak.Core.Notifications;

/// <summary>
/// When to try a delivery again: exponential backoff from <see cref="FirstDelay"/> up to
/// <see cref="MaxDelay"/>, with up to a fifth of jitter so a recovering receiver is not hit by every
/// sender at once; a receiver's Retry-After is honoured (never sooner); after <see cref="GiveUpAfter"/>
/// from the first try the delivery is failed and waits for a person to retry it.
/// </summary>
public sealed record RetryPolicy(TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan GiveUpAfter)
{
    public static readonly RetryPolicy Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(24));

    /// <summary>
    /// The time of the next try after failed attempt number <paramref name="attempt"/> (1 for the first),
    /// or null when the next try would fall after the give-up time. <paramref name="jitter"/> is in [0, 1).
    /// </summary>
    public DateTimeOffset? Next(int attempt, DateTimeOffset since, DateTimeOffset now, TimeSpan? retryAfter, double jitter)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var backoff = TimeSpan.FromTicks((long)Math.Min(MaxDelay.Ticks, FirstDelay.Ticks * Math.Pow(2, exponent)));
        backoff += TimeSpan.FromTicks((long)(backoff.Ticks * 0.2 * Math.Clamp(jitter, 0, 1)));
        if (retryAfter is { } asked && asked > backoff)
        {
            backoff = asked;
        }

        var next = now + backoff;
        return next > since + GiveUpAfter ? null : next;
    }
}

using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Changes;

/// <summary>Which changes a list shows: to these services (any service when empty), that happened from <see cref="Since"/> to <see cref="Until"/>, newest first, at most <see cref="Limit"/>.</summary>
public sealed record ChangeQuery(IReadOnlyList<string> Services, DateTimeOffset Since, DateTimeOffset? Until, int Limit = ChangeQuery.DefaultLimit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>The window a list covers when no start is given.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// Reads the filters as the API and the CLI take them: service (one name, or several separated by
    /// commas), since and until (<see cref="ChangeTime"/>; since defaults to 24 h ago, until to no end), limit.
    /// </summary>
    public static Result<ChangeQuery> Parse(string? service, string? since, string? until, string? limit, DateTimeOffset now)
    {
        var services = new List<string>();
        foreach (var name in (service ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Text.RequiredLine("service", name, Limits.ServiceName, out var trimmed) is { } error)
            {
                return error;
            }

            services.Add(trimmed.ToLowerInvariant());
        }

        if (services.Count > Limits.Services)
        {
            return new Invalid("service", $"{services.Count} services given; the limit is {Limits.Services}.");
        }

        var from = now - DefaultWindow;
        if (!string.IsNullOrWhiteSpace(since))
        {
            var parsed = ChangeTime.Parse("since", since, now);
            if (!parsed.IsSuccess)
            {
                return parsed.Error!;
            }

            from = parsed.Value;
        }

        DateTimeOffset? to = null;
        if (!string.IsNullOrWhiteSpace(until))
        {
            var parsed = ChangeTime.Parse("until", until, now);
            if (!parsed.IsSuccess)
            {
                return parsed.Error!;
            }

            if (parsed.Value < from)
            {
                return new Invalid("until", "'until' is before 'since': give a window that ends after it starts.");
            }

            to = parsed.Value;
        }

        var count = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxLimit))
        {
            return new Invalid("limit", $"'{Text.Clip(limit.Trim(), 20)}' is not a limit: give a whole number from 1 to {MaxLimit}.");
        }

        return new ChangeQuery([.. services.Distinct(StringComparer.Ordinal)], from, to, count);
    }
}

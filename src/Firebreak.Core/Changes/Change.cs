using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Changes;

/// <summary>A recorded change (the fold of its one-event stream): what changed, where, when, and who recorded it.</summary>
public sealed record Change(
    long Id,
    ChangeKind Kind,
    IReadOnlyList<string> Services,
    string Summary,
    string? Link,
    DateTimeOffset At,
    string? Source,
    string RecordedBy,
    DateTimeOffset RecordedAt)
{
    public const int MaxSummary = 1024;
    public const int MaxLink = 2000;
    public const int MaxSource = 200;

    /// <summary>How far ahead of the clock a change's time may be: clocks of the systems that send them drift a little.</summary>
    public static readonly TimeSpan FutureSlack = TimeSpan.FromMinutes(5);

    public string Key => $"CHG-{Id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The checks on a new change, in one place for every interface; the services come back in lower case, once each.</summary>
    public static Result<ChangeRecorded> Decide(RecordChange c, DateTimeOffset now)
    {
        var kind = ChangeKind.Other;
        if (!string.IsNullOrWhiteSpace(c.Kind) && !WireNames.TryParse(c.Kind, out kind))
        {
            return new Invalid("kind", $"'{Text.Clip(c.Kind.Trim(), 40)}' is not a kind of change: use {string.Join(", ", WireNames.All<ChangeKind>())}.");
        }

        var services = new List<string>();
        foreach (var service in c.Services ?? [])
        {
            if (Text.RequiredLine("services", service, Limits.ServiceName, out var name) is { } error)
            {
                return error;
            }

            var lower = name.ToLowerInvariant();
            if (!services.Contains(lower, StringComparer.Ordinal))
            {
                services.Add(lower);
            }
        }

        if (services.Count == 0)
        {
            return new Invalid("services", "'services' is required: name the service or services the change touched, as incidents name them (checkout).");
        }

        if (services.Count > Limits.Services)
        {
            return new Invalid("services", $"{services.Count} services given; the limit is {Limits.Services}.");
        }

        if (Text.RequiredLine("summary", c.Summary, MaxSummary, out var summary) is { } summaryError)
        {
            return summaryError;
        }

        if (Text.OptionalLine("link", c.Link, MaxLink, out var link) is { } linkError)
        {
            return linkError;
        }

        if (link.Length > 0 && !IsWebLink(link))
        {
            return new Invalid("link", $"'{Text.Clip(link, 60)}' is not a web address: give an http:// or https:// URL (the pipeline run, the pull request, the flag's history).");
        }

        if (Text.OptionalLine("source", c.Source, MaxSource, out var source) is { } sourceError)
        {
            return sourceError;
        }

        var at = now;
        if (!string.IsNullOrWhiteSpace(c.At))
        {
            var parsed = ChangeTime.Parse("at", c.At, now);
            if (!parsed.IsSuccess)
            {
                return parsed.Error!;
            }

            at = parsed.Value;
        }

        if (at > now + FutureSlack)
        {
            return new Invalid("at", $"'at' ({at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}) is in the future; give the time the change happened, now or earlier.");
        }

        if (at < now.AddYears(-Limits.StartedAtYearsBack))
        {
            return new Invalid("at", $"'at' ({at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}) is more than {Limits.StartedAtYearsBack} years ago; give the time the change happened.");
        }

        return new ChangeRecorded(kind, services, summary, link.Length == 0 ? null : link, at, source.Length == 0 ? null : source);
    }

    /// <summary>An absolute http or https address: the only links shown as links.</summary>
    public static bool IsWebLink(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    public static Change From(long id, ChangeRecorded e, string actor, DateTimeOffset at) =>
        new(id, e.Kind, e.Services, e.Summary, e.Link, e.At, e.Source, actor, at);
}

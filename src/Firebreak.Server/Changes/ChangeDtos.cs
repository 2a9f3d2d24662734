using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Changes;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Server.Changes;

/// <summary>A change to record: kind, services (or one service), summary, link, at, source.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ChangeRequest
{
    /// <summary>deploy, config, feature-flag or other (other when left out).</summary>
    public string? Kind { get; set; }

    /// <summary>The services the change touched, named as incidents name them.</summary>
    public List<string?>? Services { get; set; }

    /// <summary>One service, for a change that touched only one (give this or services).</summary>
    public string? Service { get; set; }

    /// <summary>One line: what changed (required).</summary>
    public string? Summary { get; set; }

    /// <summary>An http(s) link to the change: the pipeline run, the pull request, the flag's history.</summary>
    public string? Link { get; set; }

    /// <summary>When it happened: an ISO-8601 instant or how long ago (15m); now when left out. At most a few minutes ahead.</summary>
    public string? At { get; set; }

    /// <summary>Where it came from: the CI system, the flag service, a person's name.</summary>
    public string? Source { get; set; }

    public Result<RecordChange> ToCommand()
    {
        if (Service is not null && Services is not null)
        {
            return new Invalid("service", "Give 'services' (a list) or 'service' (one name), not both.");
        }

        return new RecordChange(Kind, Service is not null ? [Service] : Services, Summary, Link, At, Source);
    }
}

/// <summary>A list of changes (as Core has them: the API shows a change in one shape, here and in triage), with the window it covers.</summary>
public sealed record ChangeListDto(DateTimeOffset Since, DateTimeOffset? Until, IReadOnlyList<Change> Items);

/// <summary>A change against an incident's start: the change, and when it happened relative to the start in words and in minutes (negative: before).</summary>
public sealed record IncidentChangeDto(Change Change, string RelativeToStart, double MinutesFromStart);

/// <summary>What changed for an incident: changes to its services from <see cref="Since"/> (a window before its start) up to now, newest first.</summary>
public sealed record IncidentChangesDto(string Incident, DateTimeOffset StartedAt, IReadOnlyList<string> Services, DateTimeOffset Since, IReadOnlyList<IncidentChangeDto> Items)
{
    public static IncidentChangesDto Of(IncidentState incident, DateTimeOffset since, IReadOnlyList<Change> changes) =>
        new(incident.Key, incident.StartedAt, incident.Services, since,
            [.. changes.Select(c => new IncidentChangeDto(c, ChangeWindow.RelativeToStart(c.At, incident.StartedAt), Math.Round((c.At - incident.StartedAt).TotalMinutes, 1)))]);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ChangeRequest))]
[JsonSerializable(typeof(Change))]
[JsonSerializable(typeof(ChangeListDto))]
[JsonSerializable(typeof(IncidentChangesDto))]
public sealed partial class ChangesJson : JsonSerializerContext;

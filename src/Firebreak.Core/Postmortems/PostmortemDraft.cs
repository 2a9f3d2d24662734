using System.Globalization;
using Firebreak.Core.Incidents;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Updates;

namespace Firebreak.Core.Postmortems;

/// <summary>
/// One entry of the postmortem's timeline: an event of the incident (<see cref="Entry"/> is its
/// version in the incident's stream), said in a line, and whether the postmortem includes it.
/// </summary>
public sealed record PostmortemTimelineEntry(long Entry, DateTimeOffset At, string Actor, string Kind, string Text, bool Included, bool Curated);

/// <summary>
/// The figures of an incident, computed from its events and never typed: its times, how long each
/// phase took, whether the updates kept the cadence, what the guardrails said.
/// </summary>
public sealed record PostmortemFacts(
    DateTimeOffset StartedAt,
    DateTimeOffset DeclaredAt,
    DateTimeOffset? FirstMitigationAt,
    DateTimeOffset? ResolvedAt,
    TimeSpan? Duration,
    TimeSpan TimeToDetect,
    TimeSpan? TimeToMitigate,
    TimeSpan? TimeToResolve,
    string Severity,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Commanders,
    int Responders,
    int Updates,
    int PublicUpdates,
    TimeSpan? Cadence,
    TimeSpan? LongestSilence,
    bool? CadenceKept,
    bool Verified,
    IReadOnlyDictionary<string, int> Guardrails,
    int Overrides);

/// <summary>Writes the first draft of a postmortem from the incident's events, and computes its figures and timeline.</summary>
public static class PostmortemDraft
{
    /// <summary>The figures, from the incident's state and events (the time of reading counts for an incident not yet resolved).</summary>
    public static PostmortemFacts Facts(IncidentState incident, IReadOnlyList<RecordedEvent> events, SeverityScale severities, DateTimeOffset now)
    {
        var firstMitigation = events.FirstOrDefault(e => e.Event is MitigationApplied)?.OccurredAt;
        var updates = events.Where(e => e.Event is UpdatePosted).ToList();
        var cadence = severities.Resolve(incident.Severity)?.UpdateCadence;
        var end = incident.ResolvedAt ?? now;

        var longest = LongestSilence(incident.DeclaredAt, updates.Select(u => u.OccurredAt), end);

        var commanders = events
            .Where(e => e.Event is RoleAssigned { Role: IncidentRoles.Commander })
            .Select(e => ((RoleAssigned)e.Event).Holder)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var responders = events.Select(e => e.Event is ResponderJoined j ? j.Responder : null).OfType<string>()
            .Concat(commanders).Distinct(StringComparer.Ordinal).Count();
        var guardrails = events.Select(e => e.Event as GuardrailFired).OfType<GuardrailFired>()
            .GroupBy(g => g.Guardrail, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        return new PostmortemFacts(
            incident.StartedAt,
            incident.DeclaredAt,
            firstMitigation,
            incident.ResolvedAt,
            incident.ResolvedAt - incident.StartedAt,
            Positive(incident.DeclaredAt - incident.StartedAt),
            firstMitigation - incident.DeclaredAt is { } m ? Positive(m) : null,
            incident.ResolvedAt - incident.DeclaredAt is { } r ? Positive(r) : null,
            incident.Severity,
            incident.Services,
            commanders,
            responders,
            updates.Count,
            updates.Count(u => ((UpdatePosted)u.Event).Audience == UpdateAudience.Public),
            cadence,
            longest,
            CadenceKept(cadence, longest),
            events.Any(e => e.Event is VerificationPassed),
            guardrails,
            events.Count(e => e.Event is GuardrailOverridden));
    }

    /// <summary>
    /// The longest time stakeholders waited for news while it ran: from declare to the first update, between
    /// updates, from the last to <paramref name="end"/> (the resolve, or now); updates after the end do not count.
    /// </summary>
    public static TimeSpan LongestSilence(DateTimeOffset declaredAt, IEnumerable<DateTimeOffset> updates, DateTimeOffset end)
    {
        var times = new List<DateTimeOffset> { declaredAt };
        times.AddRange(updates.Where(t => t <= end));
        times.Add(end);
        return times.Zip(times.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.Zero).Max();
    }

    /// <summary>Whether no silence was longer than the severity's update cadence; null where the severity sets none.</summary>
    public static bool? CadenceKept(TimeSpan? cadence, TimeSpan longestSilence) => cadence is { } c ? longestSilence <= c : null;

    private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;

    /// <summary>
    /// The timeline a postmortem starts from: the key moments (pinned entries, the declaration, severity
    /// changes, role handoffs, mitigations and what came of them, updates, verification, the resolve) are
    /// in, the rest of the entries out; what the postmortem's curation said overrides that, entry by entry.
    /// </summary>
    public static IReadOnlyList<PostmortemTimelineEntry> Timeline(IReadOnlyList<RecordedEvent> events, PostmortemState? curation)
    {
        var pinned = new HashSet<long>();
        foreach (var e in events)
        {
            switch (e.Event)
            {
                case EntryPinned p:
                    pinned.Add(p.Entry);
                    break;
                case EntryUnpinned u:
                    pinned.Remove(u.Entry);
                    break;
            }
        }

        var mitigations = new Dictionary<int, string>();
        var timeline = new List<PostmortemTimelineEntry>();
        foreach (var e in events)
        {
            if (e.Event is MitigationProposed proposed)
            {
                mitigations[proposed.Id] = proposed.Title;
            }

            string M(int id) => mitigations.TryGetValue(id, out var title) ? $"\"{title}\"" : $"#{id.ToString(CultureInfo.InvariantCulture)}";
            (string Kind, string Text, bool Key)? line = e.Event switch
            {
                IncidentDeclared d => ("declared", $"Declared {d.Severity}: {d.Title}", true),
                TimelineEntryAdded t => (WireNames.Of(t.Kind), t.Text, pinned.Contains(e.Version)),
                SeverityChanged s => ("severity", $"Severity {s.From} → {s.To}: {s.Reason}", true),
                RoleAssigned r => ("role", r.PreviousHolder is { } before ? $"{r.Role} handed from {before} to {r.Holder}" : $"{r.Holder} took the {r.Role} role", true),
                StatusChanged s => ("status", $"Status {WireNames.Of(s.From)} → {WireNames.Of(s.To)}{(s.Reason is { } why ? $": {why}" : string.Empty)}", s.To is IncidentStatus.Resolved or IncidentStatus.Identified or IncidentStatus.Monitoring),
                UpdatePosted u => ("update", $"{(u.Audience == UpdateAudience.Public ? "Public" : "Internal")} update{(u.PublicStatus is { } ps ? $" ({WireNames.Of(ps)})" : string.Empty)}: {u.Text}", true),
                MitigationProposed p => ("mitigation", $"Mitigation proposed ({WireNames.Of(p.Kind)}): {p.Title}", true),
                MitigationStarted s => ("mitigation", $"Mitigation {M(s.Id)} started", true),
                MitigationApplied a => ("mitigation", $"Mitigation {M(a.Id)} applied", true),
                MitigationVerified v => ("mitigation", $"Mitigation {M(v.Id)} verified{(v.Note is { } note ? $": {note}" : string.Empty)}", true),
                MitigationAbandoned a => ("mitigation", $"Mitigation {M(a.Id)} abandoned: {a.Reason}", true),
                VerificationStarted v => ("verification", $"Verification started; the window runs to {v.EndsAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}", true),
                VerificationCheckFailed f => ("verification", $"Verification check {f.Check} failed: {f.Detail}", true),
                VerificationRecurred r => ("verification", $"The problem showed again during verification: {r.What}", true),
                VerificationPassed => ("verification", "Verification passed", true),
                GuardrailFired g => ("guardrail", $"Guardrail {g.Guardrail}: {g.Message}", false),
                GuardrailOverridden o => ("guardrail", $"Guardrail {o.Guardrail} overridden: {o.Reason}", true),
                EvidenceAttached a => ("evidence", $"Evidence attached: {a.Name}", false),
                _ => null,
            };
            if (line is not { } l)
            {
                continue;
            }

            var curated = curation is not null && (curation.Included.Contains(e.Version) || curation.Excluded.Contains(e.Version));
            var included = curated ? curation!.Included.Contains(e.Version) : l.Key;
            timeline.Add(new PostmortemTimelineEntry(e.Version, e.OccurredAt, e.Actor, l.Kind, l.Text, included, curated));
        }

        return timeline;
    }

    /// <summary>The sections the first draft fills from the events: the summary, the impact and the detection. The rest is for people to write.</summary>
    public static IReadOnlyDictionary<string, string> Sections(IncidentState incident, IReadOnlyList<RecordedEvent> events, SeverityScale severities)
    {
        var facts = Facts(incident, events, severities, incident.ResolvedAt ?? incident.UpdatedAt);
        var lastPublic = events.Select(e => e.Event as UpdatePosted).LastOrDefault(u => u is { Audience: UpdateAudience.Public });
        var summary = new List<string>
        {
            $"{incident.Title}. A {incident.Severity} incident{Services(incident)} that started {Time(incident.StartedAt)}" +
            (facts.Duration is { } d ? $" and lasted {Span(d)}." : "."),
        };
        if (!string.IsNullOrWhiteSpace(incident.Summary))
        {
            summary.Add(incident.Summary);
        }

        if (lastPublic is not null)
        {
            summary.Add($"What users were last told: \"{lastPublic.Text}\"");
        }

        var impact = new List<string>();
        if (!string.IsNullOrWhiteSpace(incident.Impact))
        {
            impact.Add(incident.Impact);
        }

        if (incident.ComponentImpact.Count > 0)
        {
            impact.Add("Status page: " + string.Join(", ", incident.ComponentImpact.Select(c => $"{c.Key} ({WireNames.Of(c.Value).Replace('_', ' ')})")) + ".");
        }

        var declarer = events.FirstOrDefault(e => e.Event is IncidentDeclared)?.Actor ?? incident.DeclaredBy;
        var detection = $"It started {Time(incident.StartedAt)} and was declared by {declarer} {Time(incident.DeclaredAt)}, {Span(facts.TimeToDetect)} later.";
        if (events.Select(e => e.Event as TriageRecorded).OfType<TriageRecorded>().FirstOrDefault() is { } triage)
        {
            detection += $" Triage suggested {triage.Suggested}.";
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = string.Join("\n\n", summary),
            ["impact"] = string.Join("\n\n", impact),
            ["detection"] = detection,
        };
    }

    private static string Services(IncidentState incident) =>
        incident.Services.Count == 0 ? string.Empty : $" on {string.Join(", ", incident.Services)}";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A span as people say it: 45 s, 12 min, 3 h 5 min, 2 d 4 h.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return $"{Math.Max(0, (int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s";
        }

        if (span < TimeSpan.FromHours(1))
        {
            return $"{((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min";
        }

        if (span < TimeSpan.FromDays(1))
        {
            return span.Minutes == 0 ? $"{((int)span.TotalHours).ToString(CultureInfo.InvariantCulture)} h" : $"{((int)span.TotalHours).ToString(CultureInfo.InvariantCulture)} h {span.Minutes.ToString(CultureInfo.InvariantCulture)} min";
        }

        return span.Hours == 0 ? $"{((int)span.TotalDays).ToString(CultureInfo.InvariantCulture)} d" : $"{((int)span.TotalDays).ToString(CultureInfo.InvariantCulture)} d {span.Hours.ToString(CultureInfo.InvariantCulture)} h";
    }
}

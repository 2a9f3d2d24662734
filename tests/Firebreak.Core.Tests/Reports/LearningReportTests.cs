using Firebreak.Core.ActionItems;
using Firebreak.Core.Incidents;
using Firebreak.Core.Postmortems;
using Firebreak.Core.Reports;

namespace Firebreak.Core.Tests.Reports;

/// <summary>
/// The learning report from rows of figures, against values worked out by hand. The defaults: SEV-1 answers
/// within 5 minutes and updates every 15, SEV-2 within 15 and every 30, SEV-4 within a day and sets no cadence.
/// </summary>
public sealed class LearningReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T0 = new(2026, 11, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly ReportFilter Last90Days = new(Now - TimeSpan.FromDays(90), null, null);

    /// <summary>A SEV-2 on checkout: started at T0, declared 10 min later, acknowledged 5 min after that, mitigated 20 min after declare, resolved an hour after the start.</summary>
    private static IncidentFigures Row(long id, string severity = "SEV-2", DateTimeOffset? start = null, params string[] services)
    {
        var started = start ?? T0;
        var declared = started.AddMinutes(10);
        return new IncidentFigures
        {
            IncidentId = id,
            Severity = severity,
            Services = services.Length == 0 ? ["checkout"] : services,
            Private = false,
            Status = IncidentStatus.Resolved,
            StartedAt = started,
            DeclaredAt = declared,
            DeclaredBy = "alice",
            AcknowledgedAt = declared.AddMinutes(5),
            CommanderAt = declared.AddMinutes(5),
            FirstMitigationAt = declared.AddMinutes(20),
            ResolvedAt = started.AddMinutes(60),
            CadenceKept = true,
            LongestSilenceSeconds = 20 * 60,
            Verified = true,
            UpdatedAt = started.AddMinutes(60),
        };
    }

    private static IncidentFigures Open(IncidentFigures row) => row with { Status = IncidentStatus.Investigating, ResolvedAt = null, CadenceKept = null, LongestSilenceSeconds = null };

    private static ActionItemState Action(long id, long incident, ActionStatus status, DateOnly? due = null) => new()
    {
        Id = id,
        Version = 1,
        IncidentId = incident,
        Fields = new ActionFields($"Alert on checkout error rate {id}", "alice", due, ActionType.Detect, ActionPriority.Medium, null),
        Status = status,
        CreatedBy = "alice",
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static PostmortemState Postmortem(long incident, DateTimeOffset? due, DateTimeOffset? published, bool required = true) => new()
    {
        IncidentId = incident,
        Version = 1,
        Title = "Checkout failing",
        Severity = "SEV-2",
        Required = required,
        DueAt = due,
        Status = published is null ? PostmortemStatus.Draft : PostmortemStatus.Published,
        PublishedAt = published,
        CreatedBy = "alice",
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static PostmortemState Tagged(long incident, params string[] tags) => Postmortem(incident, null, null, required: false) with { CauseTags = tags };

    public sealed record Case(
        IncidentFigures[] Rows,
        Func<LearningReport, object?> Read,
        object? Expected,
        ActionItemState[]? Actions = null,
        PostmortemState[]? Postmortems = null,
        ReportFilter? Filter = null);

    private static readonly Dictionary<string, Case> Table = new()
    {
        ["one resolved incident: each phase as measured"] = new([Row(1)],
            r => (r.Overall.Incidents, r.Overall.Detect.MeanSeconds, r.Overall.Acknowledge.MeanSeconds, r.Overall.Mitigate.MeanSeconds, r.Overall.Resolve.MeanSeconds),
            (1, 600.0, 300.0, 1200.0, 3600.0)),
        ["an even count: the median is the mean of the middle two"] = new([Row(1), Row(2) with { DeclaredAt = T0.AddMinutes(20) }],
            r => (r.Overall.Detect.Count, r.Overall.Detect.MeanSeconds, r.Overall.Detect.MedianSeconds),
            (2, 900.0, 900.0)),
        ["an odd count: the median is the middle one, the mean is pulled by the slow one"] = new(
            [Row(1), Row(2) with { DeclaredAt = T0.AddMinutes(20) }, Row(3) with { DeclaredAt = T0.AddMinutes(50) }],
            r => (r.Overall.Detect.MeanSeconds, r.Overall.Detect.MedianSeconds),
            (1600.0, 1200.0)),
        ["an unresolved incident counts, but not in the time to resolve"] = new([Row(1), Open(Row(2))],
            r => (r.Overall.Incidents, r.Overall.Resolved, r.Overall.Resolve.Count, r.Overall.Detect.Count),
            (2, 1, 1, 2)),
        ["a declined incident counts, but in no time figure"] = new(
            [Row(1), Open(Row(2)) with { Status = IncidentStatus.Declined, Declined = true, DeclaredAt = T0.AddHours(5) }],
            r => (r.Overall.Incidents, r.Overall.Declined, r.Overall.Detect.Count, r.Overall.Detect.MeanSeconds, r.Overall.Acknowledge.Count),
            (2, 1, 1, 600.0, 1)),
        ["a private incident counts in every figure"] = new([Row(1), Row(2) with { Private = true, DeclaredAt = T0.AddMinutes(30) }],
            r => (r.Overall.Incidents, r.Overall.Detect.MeanSeconds, r.ByService.Single().Incidents),
            (2, 1200.0, 2)),
        ["an overridden resolve is not a verified one"] = new([Row(1), Row(2) with { Verified = false, Overridden = true }],
            r => (r.Overall.Compliance.VerifiedResolves, r.Overall.Compliance.OverriddenResolves),
            (Share.From(1, 2), 1)),
        ["a missed cadence lowers the share; an open incident is not judged yet"] = new(
            [Row(1), Row(2) with { CadenceKept = false, LongestSilenceSeconds = 45 * 60 }, Open(Row(3))],
            r => r.Overall.Compliance.Cadence,
            Share.From(1, 2)),
        ["a commander within the target, one after it, one never (past the target): one of three"] = new(
            [Row(1, "SEV-1") with { CommanderAt = T0.AddMinutes(14) }, Row(2, "SEV-1") with { CommanderAt = T0.AddMinutes(16) }, Row(3, "SEV-1") with { CommanderAt = null }],
            r => r.Overall.Compliance.CommanderInTarget,
            Share.From(1, 3)),
        ["no commander yet but still inside the target: not counted"] = new(
            [Open(Row(1, "SEV-4", Now.AddHours(-2))) with { CommanderAt = null, AcknowledgedAt = null }],
            r => r.Overall.Compliance.CommanderInTarget,
            Share.From(0, 0)),
        ["a postmortem published before its due time is on time"] = new([Row(1)],
            r => r.Overall.Compliance.PostmortemsOnTime, Share.From(1, 1),
            Postmortems: [Postmortem(1, T0.AddDays(2), T0.AddDays(1))]),
        ["late: published after its due time, or not published and past it; one not yet due is not counted; one not required neither"] = new(
            [Row(1), Row(2), Row(3), Row(4)],
            r => r.Overall.Compliance.PostmortemsOnTime, Share.From(0, 2),
            Postmortems: [Postmortem(1, T0.AddDays(2), T0.AddDays(3)), Postmortem(2, T0.AddDays(2), null), Postmortem(3, Now.AddDays(1), null), Postmortem(4, null, T0.AddDays(9), required: false)]),
        ["action items: done, won't do, open, in progress and overdue"] = new([Row(1), Row(2)],
            r => r.Overall.Actions,
            new ActionFigures(4, 1, 1, 2, 1, Share.From(1, 3)),
            Actions: [Action(1, 1, ActionStatus.Done), Action(2, 1, ActionStatus.WontDo), Action(3, 2, ActionStatus.Open, new DateOnly(2026, 11, 30)), Action(4, 2, ActionStatus.InProgress, new DateOnly(2026, 12, 1))]),
        ["action items of incidents outside the window are not counted"] = new([Row(1), Row(2, start: Now.AddDays(-120))],
            r => r.Overall.Actions.Total, 1,
            Actions: [Action(1, 1, ActionStatus.Done), Action(2, 2, ActionStatus.Open)]),
        ["a repeat: the same service and a shared root-cause tag within 90 days of an earlier one, even one before the window"] = new(
            [Row(1, start: Now.AddDays(-100)), Row(2, start: Now.AddDays(-30)), Row(3, start: Now.AddDays(-20), services: "search")],
            r => (r.Overall.Incidents, r.Overall.Repeats, r.ByService.Single(g => g.Group == "checkout").Repeats, r.ByService.Single(g => g.Group == "search").Repeats),
            (2, 1, 1, 0),
            Postmortems: [Tagged(1, "retry-storm"), Tagged(2, "expired-cert", "retry-storm"), Tagged(3, "retry-storm")]),
        ["not a repeat: more than 90 days apart, or the earlier one was declined"] = new(
            [Row(1, start: Now.AddDays(-200)), Row(2, start: Now.AddDays(-80)), Row(3, start: Now.AddDays(-40), services: "search") with { Declined = true, Status = IncidentStatus.Declined }, Row(4, start: Now.AddDays(-10), services: "search")],
            r => r.Overall.Repeats, 0,
            Postmortems: [Tagged(1, "retry-storm"), Tagged(2, "retry-storm"), Tagged(3, "retry-storm"), Tagged(4, "retry-storm")]),
        ["not a repeat: the same service but another cause, or no tags on either side"] = new(
            [Row(1, start: Now.AddDays(-60)), Row(2, start: Now.AddDays(-50)), Row(3, start: Now.AddDays(-40)), Row(4, start: Now.AddDays(-30))],
            r => r.Overall.Repeats, 0,
            Postmortems: [Tagged(1, "retry-storm"), Tagged(2, "expired-cert"), Tagged(4, "disk-full")]),
        ["a repeat on two services counts once overall and once in each service's group"] = new(
            [Row(1, start: Now.AddDays(-60), services: ["search", "checkout"]), Row(2, start: Now.AddDays(-30), services: ["search", "checkout"])],
            r => (r.Overall.Repeats, r.ByService.Single(g => g.Group == "checkout").Repeats, r.ByService.Single(g => g.Group == "search").Repeats),
            (1, 1, 1),
            Postmortems: [Tagged(1, "dns"), Tagged(2, "dns")]),
        ["by severity: every level in the scale's order, empty ones too"] = new([Row(1, "SEV-1"), Row(2, "SEV-2"), Row(3, "SEV-2")],
            r => string.Join(",", r.BySeverity.Select(g => $"{g.Group}:{g.Incidents}")),
            "SEV-1:1,SEV-2:2,SEV-3:0,SEV-4:0"),
        ["by service: an incident on two services counts in both, the busiest first"] = new([Row(1, services: ["search", "checkout"]), Row(2)],
            r => string.Join(",", r.ByService.Select(g => $"{g.Group}:{g.Incidents}")),
            "checkout:2,search:1"),
        ["by month: every UTC month of the window, by the incident's start"] = new(
            [Row(1, start: new DateTimeOffset(2026, 10, 31, 23, 30, 0, TimeSpan.Zero)), Row(2, start: new DateTimeOffset(2026, 11, 1, 0, 30, 0, TimeSpan.Zero)), Row(3)],
            r => string.Join(",", r.ByMonth.Select(g => $"{g.Group}:{g.Incidents}")),
            "2026-09:0,2026-10:1,2026-11:2,2026-12:0"),
        ["by month: the time to resolve of each month"] = new(
            [Row(1, start: new DateTimeOffset(2026, 10, 5, 0, 0, 0, TimeSpan.Zero)) with { ResolvedAt = new DateTimeOffset(2026, 10, 5, 2, 0, 0, TimeSpan.Zero) }, Row(2)],
            r => (r.ByMonth.Single(g => g.Group == "2026-10").Resolve.MeanSeconds, r.ByMonth.Single(g => g.Group == "2026-11").Resolve.MeanSeconds),
            (7200.0, 3600.0)),
        ["the filters: a severity and a service, and only incidents started since"] = new(
            [Row(1, "SEV-1"), Row(2, "SEV-2"), Row(3, "SEV-1", services: "search"), Row(4, "SEV-1", Now.AddDays(-10)) with { DeclaredAt = Now.AddDays(-10).AddMinutes(30) }, Row(5, "SEV-1", Now.AddDays(-40))],
            r => (r.Overall.Incidents, r.Overall.Detect.MeanSeconds, r.BySeverity.Count, r.ByService.Count),
            (2, 1200.0, 1, 1),
            Filter: new ReportFilter(Now.AddDays(-30), "SEV-1", "checkout")),
        ["nothing in the window: zero counts and no means"] = new([],
            r => (r.Overall.Incidents, r.Overall.Detect.MeanSeconds, r.Overall.Compliance.Cadence.Value),
            (0, (double?)null, (double?)null)),
    };

    public static TheoryData<string> Cases => [.. Table.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Figures_AreTheHandComputedOnes(string name)
    {
        var c = Table[name];
        var report = LearningReport.Compute(c.Filter ?? Last90Days, c.Rows, c.Actions ?? [], c.Postmortems ?? [], SeverityScale.Default, Now);
        // Compared as text: the tuples hold nullable and plain numbers alike.
        Assert.Equal(c.Expected?.ToString(), c.Read(report)?.ToString());
    }
}

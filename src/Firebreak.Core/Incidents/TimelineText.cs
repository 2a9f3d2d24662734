namespace Firebreak.Core.Incidents;

/// <summary>One line of plain text for a recorded event, as the timeline shows it.</summary>
public static class TimelineText
{
    public static string Describe(IIncidentEvent e) => e switch
    {
        IncidentDeclared d => $"Declared {d.Severity}: {d.Title}" + (d.Private ? " (private)" : string.Empty),
        TimelineEntryAdded a => a.Text,
        EntryPinned p => $"Pinned entry {p.Entry}",
        EntryUnpinned p => $"Unpinned entry {p.Entry}",
        StatusChanged s => $"Status {WireNames.Of(s.From)} → {WireNames.Of(s.To)}" + (s.Reason is null ? string.Empty : $": {s.Reason}"),
        SeverityChanged s => $"Severity {s.From} → {s.To}: {s.Reason}",
        RoleAssigned r when r.PreviousHolder is null => $"{r.Holder} is {r.Role}",
        RoleAssigned r => $"{r.Role} handed off from {r.PreviousHolder} to {r.Holder}",
        ResponderJoined j => $"{j.Responder} joined",
        ResponderLeft l => $"{l.Responder} left",
        IncidentDeclined d => $"Declined: {d.Reason}",
        _ => e.GetType().Name,
    };

    /// <summary>The short kind shown beside an event: the entry kind for written entries, else the change.</summary>
    public static string Kind(IIncidentEvent e) => e switch
    {
        TimelineEntryAdded a => WireNames.Of(a.Kind),
        IncidentDeclared => "declared",
        EntryPinned or EntryUnpinned => "pin",
        StatusChanged => "status",
        SeverityChanged => "severity",
        RoleAssigned => "role",
        ResponderJoined or ResponderLeft => "participation",
        IncidentDeclined => "declined",
        _ => "event",
    };
}

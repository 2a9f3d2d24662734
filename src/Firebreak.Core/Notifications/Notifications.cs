using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Updates;

namespace Firebreak.Core.Notifications;

/// <summary>The one mapping from an incident event to the message it calls for (most events call for none).</summary>
public static class Notifications
{
    /// <summary>
    /// The message <paramref name="e"/> calls for, with the incident as it stands after it, or null.
    /// </summary>
    public static Notification? For(IIncidentEvent e, IncidentState after, string actor, DateTimeOffset at, long position)
    {
        var key = IncidentKey.Format(after.Id);
        var message = e switch
        {
            IncidentDeclared d => Make(NotificationKind.Declared, $"{key} declared: {d.Title} ({d.Severity})", d.Summary ?? d.Impact),
            SeverityChanged s => Make(NotificationKind.SeverityChanged, $"{key} severity {s.From} → {s.To}: {after.Title}", s.Reason),
            StatusChanged { To: IncidentStatus.Resolved } s => Make(NotificationKind.Resolved, $"{key} resolved: {after.Title}", s.Reason),
            StatusChanged s => Make(NotificationKind.StatusChanged, $"{key} is {WireNames.Of(s.To)}: {after.Title}", s.Reason),
            UpdatePosted { Audience: UpdateAudience.Public } u => Make(NotificationKind.UpdatePublic, $"{key} update{(u.PublicStatus is { } p ? $" ({WireNames.Of(p)})" : string.Empty)}: {after.Title}", u.Text) with
            {
                PublicStatus = u.PublicStatus is { } status ? WireNames.Of(status) : null,
            },
            UpdatePosted u => Make(NotificationKind.UpdateInternal, $"{key} internal update: {after.Title}", u.Text),
            GuardrailFired g when NotificationKind.IsNudge(g.Guardrail) => Make(g.Guardrail, $"{key} needs you: {Nudge(g.Guardrail)}", $"{g.Message}\n{g.Fix}") with
            {
                AddressedTo = AddressedTo(g.Guardrail, g.Key, after),
            },
            _ => null,
        };
        return message;

        Notification Make(string kind, string headline, string? text) => new()
        {
            Kind = kind,
            IncidentId = after.Id,
            Title = after.Title,
            Severity = after.Severity,
            Status = WireNames.Of(after.Status),
            Private = after.Private,
            Services = after.Services,
            Headline = headline,
            Text = string.IsNullOrWhiteSpace(text) ? null : text,
            Actor = actor,
            At = at,
            Position = position,
        };
    }

    /// <summary>Whether an event is of a kind that can call for a message (so the dispatcher need not look after any other).</summary>
    public static bool MayNotify(Common.IEvent e) =>
        e is IncidentDeclared or SeverityChanged or StatusChanged or UpdatePosted or GuardrailFired;

    /// <summary>What a channel test sends: a message that says what it is and changes nothing.</summary>
    public static Notification Test(string channel, string actor, DateTimeOffset at) => new()
    {
        Kind = NotificationKind.Test,
        IncidentId = 0,
        Title = "Test message",
        Severity = "test",
        Status = "test",
        Private = false,
        Headline = $"Firebreak test message for the channel '{channel}'",
        Text = $"{actor} asked Firebreak to send this test message. Nothing has happened; if you can read it, the channel works.",
        Actor = actor,
        At = at,
    };

    private static string Nudge(string guardrail) => guardrail switch
    {
        NotificationKind.Silence => "a stakeholder update is overdue",
        NotificationKind.NoCommander => "nobody is in command",
        _ => "too many voices are directing the response",
    };

    // The role that has to act: the comms lead owns updates (the commander while nobody is comms lead,
    // and as well from the second miss in a row); without a commander, whoever is responding (or the declarer) must take the role; a
    // crowded room is the commander's to settle.
    private static IReadOnlyList<Addressee> AddressedTo(string guardrail, string key, IncidentState s)
    {
        string Holder(string role) => s.Roles.GetValueOrDefault(role) ?? "unassigned";
        return guardrail switch
        {
            NotificationKind.Silence when key.Contains('#', StringComparison.Ordinal) =>
                [new(IncidentRoles.CommsLead, Holder(IncidentRoles.CommsLead)), new(IncidentRoles.Commander, Holder(IncidentRoles.Commander))],
            NotificationKind.Silence when s.Roles.ContainsKey(IncidentRoles.CommsLead) => [new(IncidentRoles.CommsLead, Holder(IncidentRoles.CommsLead))],
            NotificationKind.Silence => [new(IncidentRoles.Commander, Holder(IncidentRoles.Commander))],
            NotificationKind.NoCommander => [.. (s.Responders.Count > 0 ? s.Responders : [s.DeclaredBy]).Select(r => new Addressee("responder", r))],
            _ => [new(IncidentRoles.Commander, Holder(IncidentRoles.Commander))],
        };
    }
}

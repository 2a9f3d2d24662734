using System.Text.Json.Serialization;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Notifications;

/// <summary>
/// The facts of one message, as the outbox keeps them: what happened to which incident, in the
/// words every channel renders in its own format. Built once from the event that causes it, so every
/// retry renders the same message. <see cref="Path"/> is relative; the channel adds the server's address.
/// </summary>
public sealed record Notification
{
    public required string Kind { get; init; }
    public required long IncidentId { get; init; }
    public required string Title { get; init; }
    public required string Severity { get; init; }
    public required string Status { get; init; }
    public required bool Private { get; init; }
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>One line that says it all: "INC-7 declared: checkout 5xx (SEV-1)".</summary>
    public required string Headline { get; init; }

    /// <summary>The update's text, the reason for a change, or the nudge's message and fix.</summary>
    public string? Text { get; init; }

    /// <summary>For an update, what the public is told the status is.</summary>
    public string? PublicStatus { get; init; }

    /// <summary>For a nudge, who must act: role and holder ("unassigned" where nobody holds it).</summary>
    public IReadOnlyList<Addressee> AddressedTo { get; init; } = [];

    public required string Actor { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>The causing event's place in the store's global order (0 for a test message).</summary>
    public long Position { get; init; }

    /// <summary>On a message to a status page subscriber: who it goes to, and the token of their links.</summary>
    public Subscription? Subscription { get; init; }

    /// <summary>On status page news: the components it is about (subscribers choose by them).</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    /// <summary>On news of a maintenance: its number (the incident id is then 0).</summary>
    public long? MaintenanceId { get; init; }

    /// <summary>On a push to an external tracker: the action item's number.</summary>
    public long? ActionId { get; init; }

    [JsonIgnore]
    public string IncidentKey => Incidents.IncidentKey.Format(IncidentId);

    [JsonIgnore]
    public string Path => $"/incidents/{IncidentId}";

    /// <summary>
    /// The text cut for a chat message: at most <paramref name="max"/> characters, ending on a word and
    /// marked with an ellipsis when cut; the full text is one click away.
    /// </summary>
    public string? ShortText(int max = 500)
    {
        if (Text is null || Text.Length <= max)
        {
            return Text;
        }

        var cut = Text.LastIndexOf(' ', max - 1, Math.Min(max - 1, 80));
        return string.Concat(Text.AsSpan(0, cut > 0 ? cut : max - 1), "…");
    }
}

/// <summary>The subscriber a status page message goes to: their id, address (an email address or a webhook URL) and link token.</summary>
public sealed record Subscription(long SubscriberId, string Kind, string Address, string Token);

/// <summary>A role that must act on a nudge, and who holds it.</summary>
public sealed record Addressee(string Role, string Holder);

using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Notifications;

/// <summary>A page of the delivery log, newest first: optionally of one incident, one channel, one state; before a delivery id.</summary>
public sealed record DeliveryQuery(long? Incident, string? Channel, DeliveryState? State, long? Before, int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Reads the filters every interface offers (incident, channel, state, before, limit); the error names the parameter and what it accepts.</summary>
    public static Result<DeliveryQuery> Parse(Func<string, IReadOnlyList<string>> values)
    {
        var incidentText = string.Join(',', values("incident")).Trim();
        long? incident = null;
        if (incidentText.Length > 0)
        {
            if (!IncidentKey.TryParse(incidentText, out var id))
            {
                return new Invalid("incident", $"'incident' must be an incident id like INC-7, not '{incidentText}'.");
            }

            incident = id;
        }

        var stateText = string.Join(',', values("state")).Trim();
        DeliveryState? state = null;
        if (stateText.Length > 0)
        {
            if (!WireNames.TryParse<DeliveryState>(stateText, out var s))
            {
                return new Invalid("state", $"Unknown state '{stateText}': use one of {string.Join(", ", WireNames.All<DeliveryState>())}.");
            }

            state = s;
        }

        var channel = string.Join(',', values("channel")).Trim();
        if (channel.Length > 40)
        {
            return new Invalid("channel", "'channel' is longer than 40 characters; give a channel's name (firebreak channel list shows them).");
        }

        var before = IncidentQuery.ReadNumber(values, "before", 0, 1, long.MaxValue);
        var limit = IncidentQuery.ReadNumber(values, "limit", DefaultLimit, 1, MaxLimit);
        if ((before.Error ?? limit.Error) is { } error)
        {
            return error;
        }

        return new DeliveryQuery(incident, channel.Length == 0 ? null : channel, state, before.Value == 0 ? null : before.Value, (int)limit.Value);
    }
}

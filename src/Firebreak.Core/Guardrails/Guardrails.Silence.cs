using System.Globalization;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Guardrails;

public static partial class Guardrails
{
    /// <summary>How long the stakeholder update is overdue now; null while it is not (or none is expected).</summary>
    public static TimeSpan? UpdateOverdueBy(IncidentState state, SeverityLevel policy, DateTimeOffset now) =>
        NextUpdateDue(state, policy) is { } due && now > due ? now - due : null;

    /// <summary>
    /// How many update intervals have run out in a row since the last update (or the declaration):
    /// 0 while the first is still open, 1 once it has passed, 2 once the next one has too, and so on.
    /// </summary>
    public static int MissedUpdates(IncidentState state, SeverityLevel policy, DateTimeOffset now)
    {
        if (UpdateOverdueBy(state, policy, now) is not { } overdue)
        {
            return 0;
        }

        var cadence = policy.UpdateCadence!.Value;
        return cadence <= TimeSpan.Zero ? 1 : (int)Math.Min(int.MaxValue, ((overdue.Ticks - 1) / cadence.Ticks) + 1);
    }

    /// <summary>
    /// One silence nudge per missed interval: the interval that ran out last (recorded once, under a
    /// key naming it) and the next one, whose end is when the findings change again.
    /// </summary>
    private static IEnumerable<Check> Silence(IncidentState s, SeverityLevel policy, GuardrailOptions options, DateTimeOffset now)
    {
        if (NextUpdateDue(s, policy) is not { } firstDue)
        {
            yield break;
        }

        var missed = MissedUpdates(s, policy, now);
        yield return SilenceCheck(s, policy, options, firstDue, Math.Max(missed, 1));
        if (missed >= 1 && missed < int.MaxValue && policy.UpdateCadence > TimeSpan.Zero)
        {
            yield return SilenceCheck(s, policy, options, firstDue, missed + 1);
        }
    }

    private static Check SilenceCheck(IncidentState s, SeverityLevel policy, GuardrailOptions options, DateTimeOffset firstDue, int missed)
    {
        var cadence = policy.UpdateCadence!.Value;
        var late = cadence * (missed - 1);
        var due = firstDue + late;
        var since = s.LastUpdateAt is { } last ? Stamp(last) : "the declaration";
        var expects = $"{s.Severity} expects one every {Minutes(cadence)}.";
        const string fix = "Post an update now, even if the news is 'still investigating'; a draft is ready.";
        if (missed == 1)
        {
            return Make(options, GuardrailIds.Silence, due.AddTicks(1), $"silence@{Stamp(firstDue)}",
                $"No stakeholder update since {since}; {expects}", fix, FixAction.PostUpdate());
        }

        // A second miss in a row is no longer the comms lead's alone: the commander hears it too.
        var commander = s.Commander ?? "unassigned";
        var commsLead = s.Roles.GetValueOrDefault(IncidentRoles.CommsLead) ?? "unassigned";
        var count = missed.ToString(CultureInfo.InvariantCulture);
        return Make(options, GuardrailIds.Silence, due.AddTicks(1), $"silence@{Stamp(firstDue)}#{count}",
            $"To the commander ({commander}) and the comms lead ({commsLead}): {count} updates missed in a row, the update is {Minutes(late)} overdue. No stakeholder update since {since}; {expects}",
            fix + " Commander: make sure someone owns the updates.", FixAction.PostUpdate());
    }
}

namespace Firebreak.Core.Updates;

/// <summary>
/// The one reading of the public status history: a public update may skip steps (investigating →
/// resolved), and the history says so rather than hide it.
/// </summary>
public static class PublicHistory
{
    /// <summary>
    /// Marks every public update: the statuses it jumped over going forward (the first update counts
    /// from investigating), and a run of monitoring updates that reached resolved before
    /// <paramref name="monitoringWindow"/> passed (marked on the run's first update).
    /// </summary>
    public static IReadOnlyList<PublicStepMarks> Of(IReadOnlyList<PublicStep> steps, TimeSpan monitoringWindow)
    {
        var marks = new List<PublicStepMarks>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var from = i == 0 ? (PublicStatus?)null : steps[i - 1].Status;
            marks.Add(new PublicStepMarks(step.Version, step.Status, step.At, Skipped(from, step.Status), ShortMonitoring(steps, i, monitoringWindow), monitoringWindow));
        }

        return marks;
    }

    private static PublicStatus[] Skipped(PublicStatus? from, PublicStatus to)
    {
        var first = from is { } f ? (int)f + 1 : (int)PublicStatus.Investigating;
        return [.. Enum.GetValues<PublicStatus>().Where(s => (int)s >= first && s < to)];
    }

    private static TimeSpan? ShortMonitoring(IReadOnlyList<PublicStep> steps, int i, TimeSpan window)
    {
        if (steps[i].Status != PublicStatus.Monitoring || (i > 0 && steps[i - 1].Status == PublicStatus.Monitoring))
        {
            return null;
        }

        var end = i + 1;
        while (end < steps.Count && steps[end].Status == PublicStatus.Monitoring)
        {
            end++;
        }

        if (end == steps.Count || steps[end].Status != PublicStatus.Resolved)
        {
            return null;
        }

        var lasted = steps[end].At - steps[i].At;
        return lasted < window ? lasted : null;
    }
}

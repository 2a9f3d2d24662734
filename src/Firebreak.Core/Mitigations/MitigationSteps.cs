namespace Firebreak.Core.Mitigations;

/// <summary>Where a mitigation can go next: the one rule that Decide enforces and every interface renders.</summary>
public static class MitigationSteps
{
    /// <summary>proposed → started → applied → verified; abandoned from any of the first three.</summary>
    public static IReadOnlyList<MitigationState> NextStates(MitigationState state) => state switch
    {
        MitigationState.Proposed => [MitigationState.Started, MitigationState.Abandoned],
        MitigationState.Started => [MitigationState.Applied, MitigationState.Abandoned],
        MitigationState.Applied => [MitigationState.Verified, MitigationState.Abandoned],
        _ => [],
    };

    /// <summary>
    /// The steps to offer for a mitigation: its next states, with "approve" first while a risky one
    /// waits for the commander. A verified or abandoned mitigation has none.
    /// </summary>
    public static IReadOnlyList<MitigationStep> Next(Mitigation m)
    {
        var steps = new List<MitigationStep>();
        if (m.State == MitigationState.Proposed && m.Risky && m.ApprovedBy is null)
        {
            steps.Add(MitigationStep.Approve);
        }

        steps.AddRange(NextStates(m.State).Select(s => s switch
        {
            MitigationState.Started => MitigationStep.Start,
            MitigationState.Applied => MitigationStep.Apply,
            MitigationState.Verified => MitigationStep.Verify,
            _ => MitigationStep.Abandon,
        }));
        return steps;
    }
}

namespace Firebreak.Core.Mitigations;

/// <summary>The rollback decision checklist: all three must hold for a safe rollback.</summary>
public sealed record RollbackChecklist(bool NoIrreversibleMigration, bool NoIrreversibleSideEffects, string? KnownGoodTarget)
{
    public bool IsSafe => NoIrreversibleMigration && NoIrreversibleSideEffects && !string.IsNullOrWhiteSpace(KnownGoodTarget);
}

using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;
using Firebreak.Core.Mitigations;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class UnsafeRollbackTests
{
    private static IncidentState RollbackProposed(RollbackChecklist checklist) =>
        Given.Incident(Given.Declaration(), new ProposeMitigation("rollback", "Roll back to v4.12.0", null, null, false, null, checklist));

    [Theory]
    [InlineData(false, true, "v4.12.0", "irreversible migration")]
    [InlineData(true, false, "v4.12.0", "irreversible side effects")]
    [InlineData(true, true, null, "no known-good target")]
    [InlineData(true, true, "  ", "no known-good target")]
    public void UnsafeRollback_ChecklistFails_IsBlockedNamingTheGap(bool noMigration, bool noSideEffects, string? target, string gap)
    {
        var error = Given.Rejection<GuardrailBlocked>(RollbackProposed(new RollbackChecklist(noMigration, noSideEffects, target)), new StartMitigation(1));

        var finding = Assert.Single(error.Findings);
        Assert.Equal(GuardrailIds.UnsafeRollback, finding.Guardrail);
        Assert.True(finding.Overridable);
        Assert.Contains(gap, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsafeRollback_WithOverrideReason_RecordsTheOverrideAndStarts()
    {
        var state = RollbackProposed(new RollbackChecklist(false, true, "v4.12.0"));

        var events = Given.Events(state, new StartMitigation(1), Given.Overriding("the migration only added a nullable column"));

        Assert.Equal([new GuardrailOverridden(GuardrailIds.UnsafeRollback, "the migration only added a nullable column"), new MitigationStarted(1)], events);
    }

    [Fact]
    public void UnsafeRollback_SafeChecklist_Starts() =>
        Assert.Equal([new MitigationStarted(1)], Given.Events(RollbackProposed(new RollbackChecklist(true, true, "v4.12.0")), new StartMitigation(1)));
}

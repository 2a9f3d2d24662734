using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class NoRollbackPlanTests
{
    private static IncidentState HotfixProposed(string kind = "hotfix", string? plan = null) =>
        Given.Incident(Given.Declaration(), new ProposeMitigation(kind, "Patch the null check in the payment client", "bob", "5xx stop", false, plan, null));

    [Theory]
    [InlineData("hotfix")]
    [InlineData("forward-fix")]
    public void NoRollbackPlan_HotfixWithoutPlan_IsBlockedButOverridable(string kind)
    {
        var error = Given.Rejection<GuardrailBlocked>(HotfixProposed(kind), new StartMitigation(1));

        var finding = Assert.Single(error.Findings);
        Assert.Equal(GuardrailIds.NoRollbackPlan, finding.Guardrail);
        Assert.True(finding.Overridable);
        Assert.Contains("override reason", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoRollbackPlan_WithOverrideReason_RecordsTheOverrideAndStarts()
    {
        var events = Given.Events(HotfixProposed(), new StartMitigation(1), Given.Overriding("the old version is gone from the registry"));

        Assert.Equal([new GuardrailOverridden(GuardrailIds.NoRollbackPlan, "the old version is gone from the registry"), new MitigationStarted(1)], events);
    }

    [Fact]
    public void NoRollbackPlan_HotfixWithPlan_Starts() =>
        Assert.Equal([new MitigationStarted(1)], Given.Events(HotfixProposed(plan: "redeploy v4.12.0; no migration"), new StartMitigation(1)));

    [Fact]
    public void NoRollbackPlan_OtherKindsNeedNoPlan() =>
        Assert.Equal([new MitigationStarted(1)], Given.Events(HotfixProposed(kind: "scale"), new StartMitigation(1)));
}

using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class RiskyActionTests
{
    /// <summary>carol commands; alice proposed a risky restart (mitigation 1).</summary>
    private static IncidentState RiskyProposed(string? commander = "carol", string kind = "other", string? plan = null) => Given.Incident(
        Given.Declaration(commander: commander),
        new ProposeMitigation(kind, "Restart the primary database", "alice", "connections freed", true, plan, null));

    [Fact]
    public void RiskyAction_StartBeforeCommanderApproves_IsBlocked()
    {
        var error = Given.Rejection<GuardrailBlocked>(RiskyProposed(), new StartMitigation(1));

        var finding = Assert.Single(error.Findings);
        Assert.Equal(GuardrailIds.RiskyAction, finding.Guardrail);
        Assert.False(finding.Overridable);
        Assert.Contains("carol", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("override reason", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskyAction_OverrideReason_DoesNotUnblockIt()
    {
        var error = Given.Rejection<GuardrailBlocked>(RiskyProposed(), new StartMitigation(1), Given.Overriding("we are sure it is fine"));

        Assert.Equal(GuardrailIds.RiskyAction, Assert.Single(error.Findings).Guardrail);
    }

    [Fact]
    public void RiskyAction_HardBlockWinsOverAnOverridableOne()
    {
        var state = RiskyProposed(kind: "hotfix");

        var error = Given.Rejection<GuardrailBlocked>(state, new StartMitigation(1), Given.Overriding("no time for a plan"));

        Assert.Contains(error.Findings, f => f.Guardrail == GuardrailIds.NoRollbackPlan);
        Assert.StartsWith($"Blocked by the {GuardrailIds.RiskyAction} guardrail", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskyAction_ApprovedByTheCommander_Starts()
    {
        var state = RiskyProposed();
        Assert.Equal([new MitigationApproved(1)], Given.Events(state, new ApproveMitigation(1), "carol"));

        state = Given.Apply(state, new ApproveMitigation(1), Given.As("carol"));
        Assert.Equal("carol", Assert.Single(state.Mitigations).ApprovedBy);
        Assert.Equal([new MitigationStarted(1)], Given.Events(state, new StartMitigation(1), "alice"));
    }

    [Fact]
    public void RiskyAction_ApprovalTwice_IsRecordedOnce()
    {
        var state = Given.Apply(RiskyProposed(), new ApproveMitigation(1), Given.As("carol"));

        Assert.Empty(Given.Events(state, new ApproveMitigation(1), "carol"));
    }

    [Fact]
    public void RiskyAction_ApproveByANonCommander_IsForbidden()
    {
        var error = Given.Rejection<Forbidden>(RiskyProposed(), new ApproveMitigation(1), "alice");

        Assert.Contains("carol", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskyAction_ApproveWithNoCommander_IsForbiddenAskingForOne()
    {
        var error = Given.Rejection<Forbidden>(RiskyProposed(commander: null), new ApproveMitigation(1), "alice");

        Assert.Contains("assign one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskyAction_ApproveANonRiskyMitigation_IsInvalid()
    {
        var state = Given.Incident(Given.Declaration(commander: "carol"), new ProposeMitigation("scale", "Double the api pods", null, null, false, null, null));

        Assert.Equal("mitigation", Given.Rejection<Invalid>(state, new ApproveMitigation(1), "carol").Field);
    }

    [Fact]
    public void RiskyAction_ApproveAfterItWasAbandoned_IsInvalid()
    {
        var state = Given.Apply(RiskyProposed(), new AbandonMitigation(1, "load dropped by itself"), Given.As());

        Assert.Contains("abandoned", Given.Rejection<Invalid>(state, new ApproveMitigation(1), "carol").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskyAction_ApproveUnknownMitigation_IsNotFound() =>
        Given.Rejection<NotFound>(RiskyProposed(), new ApproveMitigation(9), "carol");
}

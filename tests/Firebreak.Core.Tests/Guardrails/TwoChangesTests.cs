using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;
using Firebreak.Core.Mitigations;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class TwoChangesTests
{
    private const string CompoundCause = "compound cause: the flag and the pool size both contribute";

    /// <summary>Mitigation 1 (feature flag) applied but not verified; mitigation 2 (scale) proposed.</summary>
    private static IncidentState FirstAppliedSecondProposed() => Given.Incident(
        Given.Declaration(),
        new ProposeMitigation("feature-flag", "Turn off new pricing", null, null, false, null, null),
        new StartMitigation(1),
        new ApplyMitigation(1),
        new ProposeMitigation("scale", "Double the api pods", null, null, false, null, null));

    [Fact]
    public void TwoChanges_StartWhileAnotherIsAppliedButUnverified_IsBlocked()
    {
        var error = Given.Rejection<GuardrailBlocked>(FirstAppliedSecondProposed(), new StartMitigation(2));

        var finding = Assert.Single(error.Findings);
        Assert.Equal(GuardrailIds.TwoChanges, finding.Guardrail);
        Assert.True(finding.Overridable);
        Assert.Contains("Mitigation 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("override reason", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoChanges_WithOverrideReason_RecordsTheOverrideAndStarts()
    {
        var events = Given.Events(FirstAppliedSecondProposed(), new StartMitigation(2), Given.Overriding(CompoundCause));

        Assert.Equal([new GuardrailOverridden(GuardrailIds.TwoChanges, CompoundCause), new MitigationStarted(2)], events);
    }

    [Fact]
    public void TwoChanges_BlankOverrideReason_StillBlocks() =>
        Given.Rejection<GuardrailBlocked>(FirstAppliedSecondProposed(), new StartMitigation(2), Given.Overriding("   "));

    [Fact]
    public void TwoChanges_OverrideReasonOverTheLimit_IsInvalid() =>
        Assert.Equal("override", Given.Rejection<Invalid>(FirstAppliedSecondProposed(), new StartMitigation(2), Given.Overriding(new string('x', Limits.Reason + 1))).Field);

    [Fact]
    public void TwoChanges_FirstVerified_SecondStartsFreely()
    {
        var state = Given.Apply(FirstAppliedSecondProposed(), new VerifyMitigation(1, "error rate back to baseline"), Given.As());

        Assert.Equal([new MitigationStarted(2)], Given.Events(state, new StartMitigation(2)));
    }

    [Fact]
    public void TwoChanges_FirstAbandoned_SecondStartsFreely()
    {
        var state = Given.Apply(FirstAppliedSecondProposed(), new AbandonMitigation(1, "made no difference"), Given.As());

        Assert.Equal([new MitigationStarted(2)], Given.Events(state, new StartMitigation(2)));
    }

    /// <summary>Mitigation 1 started at minute 5 and still rolling out at minute 12, when mitigation 2 is started.</summary>
    private static IncidentState FirstStillRollingOutSecondProposed() => Given.ApplyAt(
        Given.ApplyAt(
            Given.ApplyAt(Given.Incident(Given.Declaration()), 2, new ProposeMitigation("feature-flag", "Turn off new pricing", null, null, false, null, null)),
            5, new StartMitigation(1)),
        8, new ProposeMitigation("scale", "Double the api pods", null, null, false, null, null));

    [Fact]
    public void TwoChanges_StartWhileAnotherIsStillRollingOut_IsBlockedTheSameWay()
    {
        var error = Given.Rejection<GuardrailBlocked>(FirstStillRollingOutSecondProposed(), new StartMitigation(2), Given.At(12));

        var finding = Assert.Single(error.Findings);
        Assert.Equal(GuardrailIds.TwoChanges, finding.Guardrail);
        Assert.True(finding.Overridable);
        Assert.Contains("Mitigation 1 (Turn off new pricing) is still rolling out", finding.Message, StringComparison.Ordinal);
        Assert.Contains("override reason", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoChanges_StillRollingOut_WithACompoundCause_RecordsTheOverrideAndStarts()
    {
        var events = Given.Events(FirstStillRollingOutSecondProposed(), new StartMitigation(2), Given.At(12) with { Override = CompoundCause });

        Assert.Equal([new GuardrailOverridden(GuardrailIds.TwoChanges, CompoundCause), new MitigationStarted(2)], events);
    }

    [Fact]
    public void TwoChanges_FirstRolledOutAndVerified_SecondStartsFreely()
    {
        var state = Given.ApplyAt(FirstStillRollingOutSecondProposed(), 10, new ApplyMitigation(1));
        state = Given.ApplyAt(state, 11, new VerifyMitigation(1, "error rate back to baseline"));

        Assert.Equal([new MitigationStarted(2)], Given.Events(state, new StartMitigation(2), Given.At(12)));
    }

    [Fact]
    public void TwoChanges_OverrideGivenWithNothingBlocking_RecordsNoOverride()
    {
        var state = Given.Incident(Given.Declaration(), new ProposeMitigation("scale", "Double the api pods", null, null, false, null, null));

        Assert.Equal([new MitigationStarted(1)], Given.Events(state, new StartMitigation(1), Given.Overriding(CompoundCause)));
    }
}

using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class SilentResolveTests
{
    private static IncidentState ResolvedAtMinute20(IncidentState? start = null)
    {
        var state = start ?? Given.Incident(Given.Declaration(severity: "SEV-2"), Given.VerificationEvidence());
        return Given.Resolve(state, 20);
    }

    [Fact]
    public void SilentResolve_ResolvedWithoutAnUpdate_Fires()
    {
        var state = ResolvedAtMinute20();

        Assert.Contains(GuardrailIds.SilentResolve, Given.Firing(state, 20));
        var fired = Assert.Single(Given.RecordNudges(ref state, 21));
        Assert.Equal(GuardrailIds.SilentResolve, fired.Guardrail);
        Assert.Equal("warn", fired.Level);
        Assert.Empty(Given.RecordNudges(ref state, 22));
    }

    [Fact]
    public void SilentResolve_PublicUpdatePostedAfterResolving_IsQuiet()
    {
        var state = ResolvedAtMinute20();
        state = Given.ApplyAt(state, 22, new PostUpdate("public", null, "Checkout works again; a review will follow."));

        Assert.True(state.ResolutionAnnounced);
        Assert.DoesNotContain(GuardrailIds.SilentResolve, Given.Firing(state, 23));
    }

    [Fact]
    public void SilentResolve_OnlyAnInternalUpdateAfterResolving_StillFires()
    {
        var state = ResolvedAtMinute20();
        state = Given.ApplyAt(state, 22, new PostUpdate("internal", null, "Fixed, closing the bridge."));

        Assert.False(state.ResolutionAnnounced);
        Assert.Contains(GuardrailIds.SilentResolve, Given.Firing(state, 23));
    }

    [Fact]
    public void SilentResolve_UpdatePostedBeforeResolving_DoesNotAnnounceTheResolution()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-2"), Given.VerificationEvidence());
        state = Given.ApplyAt(state, 19, new PostUpdate("internal", null, "Fix deployed, watching."));
        state = ResolvedAtMinute20(state);

        Assert.Contains(GuardrailIds.SilentResolve, Given.Firing(state, 20));
    }

    [Fact]
    public void SilentResolve_ReopenedAndResolvedAgain_FiresAgainWithANewKey()
    {
        var state = ResolvedAtMinute20();
        var first = Assert.Single(Given.RecordNudges(ref state, 21));
        state = Given.ApplyAt(state, 22, new PostUpdate("internal", null, "Resolved."));
        state = Given.ApplyAt(state, 30, new ChangeStatus("investigating", "errors are back"));
        state = Given.Resolve(state, 40);

        var second = Assert.Single(Given.RecordNudges(ref state, 41));
        Assert.Equal(GuardrailIds.SilentResolve, second.Guardrail);
        Assert.NotEqual(first.Key, second.Key);
    }
}

using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class SilenceTests
{
    /// <summary>SEV-1 (15-minute cadence) declared at minute 0, an update at minute 10.</summary>
    private static IncidentState Sev1UpdatedAtMinute10()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1"));
        return Given.ApplyAt(state, 10, new PostUpdate("internal", null, "Still investigating the checkout errors."));
    }

    [Fact]
    public void Silence_AfterUpdateAtMinute10_QuietAt16_FiresAt26()
    {
        var state = Sev1UpdatedAtMinute10();

        Assert.DoesNotContain(GuardrailIds.Silence, Given.Firing(state, 16));
        Assert.Contains(GuardrailIds.Silence, Given.Firing(state, 26));
    }

    [Fact]
    public void Silence_AtExactlyTheCadence_IsNotOverdueYet()
    {
        var state = Sev1UpdatedAtMinute10();

        Assert.DoesNotContain(GuardrailIds.Silence, Given.Firing(state, 25));
        Assert.Contains(GuardrailIds.Silence, Given.Firing(state, 25.01));
    }

    [Fact]
    public void Silence_RecordNudgesAt26_RecordsItOnce_AndAt27RecordsNothing()
    {
        var state = Sev1UpdatedAtMinute10();

        var fired = Assert.Single(Given.RecordNudges(ref state, 26), f => f.Guardrail == GuardrailIds.Silence);
        Assert.Equal("warn", fired.Level);
        Assert.Contains(fired.Key, state.FiredNudges);

        Assert.Empty(Given.RecordNudges(ref state, 27));
        Assert.Contains(GuardrailIds.Silence, Given.Firing(state, 27));
    }

    [Fact]
    public void Silence_NewOverduePeriodAfterAnotherUpdate_FiresAgainWithANewKey()
    {
        var state = Sev1UpdatedAtMinute10();
        var first = Assert.Single(Given.RecordNudges(ref state, 26), f => f.Guardrail == GuardrailIds.Silence);

        state = Given.ApplyAt(state, 30, new PostUpdate("internal", null, "Rolling back the 08:50 deploy."));
        Assert.DoesNotContain(GuardrailIds.Silence, Given.Firing(state, 44));

        var second = Assert.Single(Given.RecordNudges(ref state, 46), f => f.Guardrail == GuardrailIds.Silence);
        Assert.NotEqual(first.Key, second.Key);
    }

    [Fact]
    public void Silence_WithoutAnyUpdate_CountsFromTheDeclaration()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-2"));

        Assert.DoesNotContain(GuardrailIds.Silence, Given.Firing(state, 29));
        Assert.Contains(GuardrailIds.Silence, Given.Firing(state, 31));
    }

    [Fact]
    public void Silence_Sev4HasNoCadence_NeverFires()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-4"));

        Assert.DoesNotContain(GuardrailIds.Silence, Given.Firing(state, 24 * 60));
    }

    [Fact]
    public void Silence_AfterResolve_StopsFiring()
    {
        var state = Given.Resolve(Given.Incident(Given.Declaration(severity: "SEV-1"), Given.VerificationEvidence()));

        Assert.DoesNotContain(GuardrailIds.Silence, Given.Firing(state, 60));
    }
}

using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;
using GuardrailRules = Firebreak.Core.Guardrails.Guardrails;

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

    [Fact]
    public void Silence_EachMissedInterval_IsANewNudge_RecordedOncePerInterval()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1", commander: "alice"));

        var fired = new List<GuardrailFired>();
        for (var minute = 1.0; minute <= 50; minute += 0.5)
        {
            fired.AddRange(Given.RecordNudges(ref state, minute).Where(f => f.Guardrail == GuardrailIds.Silence));
        }

        Assert.Equal(3, fired.Count);
        Assert.Equal(3, fired.Select(f => f.Key).Distinct().Count());
        Assert.DoesNotContain("commander", fired[0].Message, StringComparison.Ordinal);
        Assert.Contains("To the commander (alice) and the comms lead (unassigned): 2 updates missed in a row", fired[1].Message, StringComparison.Ordinal);
        Assert.Contains("3 updates missed in a row, the update is 30 minutes overdue", fired[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Silence_AfterANudge_NextCheckIsTheEndOfTheNextInterval()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-3"));
        Assert.Single(Given.RecordNudges(ref state, 61), f => f.Guardrail == GuardrailIds.Silence);

        Assert.Equal(Given.Minute(120).AddTicks(1), Given.NextCheck(state, 61));
        Assert.Empty(Given.RecordNudges(ref state, 119));
    }

    [Theory]
    [InlineData(15, 0, null)]
    [InlineData(15.5, 1, 0)]
    [InlineData(30, 1, 15)]
    [InlineData(31, 2, 16)]
    [InlineData(46, 3, 31)]
    public void MissedUpdates_AndOverdueTime_CountFromTheDeclaration(double minute, int missed, int? overdueMinutes)
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1"));
        var policy = SeverityScale.Default.PolicyOf(state.Severity);

        Assert.Equal(missed, GuardrailRules.MissedUpdates(state, policy, Given.Minute(minute)));
        Assert.Equal(overdueMinutes, GuardrailRules.UpdateOverdueBy(state, policy, Given.Minute(minute)) is { } by ? (int)by.TotalMinutes : null);
    }
}

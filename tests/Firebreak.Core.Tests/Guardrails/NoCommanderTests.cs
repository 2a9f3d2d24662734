using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class NoCommanderTests
{
    [Theory]
    [InlineData("SEV-1")]
    [InlineData("SEV-2")]
    public void NoCommander_MajorIncidentWithoutCommander_QuietAt4Minutes_FiresAt6(string severity)
    {
        var state = Given.Incident(Given.Declaration(severity: severity));

        Assert.DoesNotContain(GuardrailIds.NoCommander, Given.Firing(state, 4));
        Assert.Contains(GuardrailIds.NoCommander, Given.Firing(state, 6));
    }

    [Fact]
    public void NoCommander_CommanderNamedAtDeclare_StaysQuiet()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1", commander: "bob"));

        Assert.DoesNotContain(GuardrailIds.NoCommander, Given.Firing(state, 6));
        Assert.DoesNotContain(GuardrailIds.NoCommander, Given.Firing(state, 120));
    }

    [Fact]
    public void NoCommander_CommanderAssignedAtMinute3_StaysQuietAt6()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1"));
        state = Given.ApplyAt(state, 3, new AssignRole("commander", "bob"));

        Assert.DoesNotContain(GuardrailIds.NoCommander, Given.Firing(state, 6));
    }

    [Theory]
    [InlineData("SEV-3")]
    [InlineData("SEV-4")]
    public void NoCommander_MinorIncident_StaysQuiet(string severity)
    {
        var state = Given.Incident(Given.Declaration(severity: severity));

        Assert.DoesNotContain(GuardrailIds.NoCommander, Given.Firing(state, 6));
        Assert.DoesNotContain(GuardrailIds.NoCommander, Given.Firing(state, 600));
    }

    [Fact]
    public void NoCommander_RecordNudges_RecordsAWarningOnce()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-2"));

        Assert.DoesNotContain(Given.RecordNudges(ref state, 4), f => f.Guardrail == GuardrailIds.NoCommander);
        var fired = Assert.Single(Given.RecordNudges(ref state, 6), f => f.Guardrail == GuardrailIds.NoCommander);
        Assert.Equal("warn", fired.Level);
        Assert.Contains("commander", fired.Fix, StringComparison.Ordinal);
        Assert.Contains(fired.Key, state.FiredNudges);
        Assert.DoesNotContain(Given.RecordNudges(ref state, 7), f => f.Guardrail == GuardrailIds.NoCommander);
    }

    [Fact]
    public void NoCommander_UpgradeFromSev3ToSev2PastFiveMinutes_FiresAtOnce()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-3"));
        state = Given.ApplyAt(state, 20, new ChangeSeverity("SEV-2", "more customers report it"));

        Assert.Contains(GuardrailIds.NoCommander, Given.Firing(state, 20));
    }
}

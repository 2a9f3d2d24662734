using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class GuardrailOptionsTests
{
    /// <summary>A SEV-1 left alone for two hours with an open hypothesis: every time-based nudge holds.</summary>
    private static IncidentState NeglectedSev1()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1"));
        return Given.ApplyAt(state, 1, new AddEntry("hypothesis", "A bad deploy."));
    }

    [Theory]
    [InlineData(GuardrailIds.NoCommander)]
    [InlineData(GuardrailIds.RolesRequired)]
    [InlineData(GuardrailIds.Silence)]
    [InlineData(GuardrailIds.MitigateFirst)]
    [InlineData(GuardrailIds.HeroDebugging)]
    [InlineData(GuardrailIds.TunnelVision)]
    [InlineData(GuardrailIds.NoEvidence)]
    public void DisabledGuardrail_StaysQuiet_WhileTheDefaultFires(string id)
    {
        var state = NeglectedSev1();

        Assert.Contains(id, Given.Firing(state, 120));
        Assert.DoesNotContain(id, Given.Firing(state, 120, Given.Disabled(id)));
        Assert.DoesNotContain(Given.RecordNudges(ref state, 120, Given.Disabled(id)), f => f.Guardrail == id);
    }

    [Fact]
    public void DisabledSilentResolve_StaysQuiet()
    {
        var state = Given.Resolve(Given.Incident(Given.Declaration(), Given.VerificationEvidence()));

        Assert.Contains(GuardrailIds.SilentResolve, Given.Firing(state, 1));
        Assert.Empty(Given.Findings(state, 1, Given.Disabled(GuardrailIds.SilentResolve)));
    }

    [Fact]
    public void DisabledTwoChanges_LetsTheSecondMitigationStart()
    {
        var state = Given.Incident(
            Given.Declaration(),
            new ProposeMitigation("feature-flag", "Turn off new pricing", null, null, false, null, null),
            new StartMitigation(1),
            new ApplyMitigation(1),
            new ProposeMitigation("scale", "Double the api pods", null, null, false, null, null));

        var events = Given.Events(state, new StartMitigation(2), Given.As() with { Guardrails = Given.Disabled(GuardrailIds.TwoChanges) });

        Assert.Equal([new MitigationStarted(2)], events);
    }

    [Fact]
    public void DisabledUnsafeCommand_RecordsOnlyTheEntry() =>
        Assert.Single(Given.Events(Given.Incident(Given.Declaration()), new AddEntry("command", "DROP TABLE orders;"), Given.As() with { Guardrails = Given.Disabled(GuardrailIds.UnsafeCommand) }));

    [Fact]
    public void DisabledRiskyAction_LetsAnUnapprovedRiskyMitigationStart()
    {
        var state = Given.Incident(Given.Declaration(), new ProposeMitigation("other", "Restart the primary", null, null, true, null, null));

        Assert.Equal([new MitigationStarted(1)], Given.Events(state, new StartMitigation(1), Given.As() with { Guardrails = Given.Disabled(GuardrailIds.RiskyAction) }));
    }

    [Fact]
    public void CustomDelay_MovesWhenTheGuardrailFires()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1"));
        var tenMinutes = Given.Rule(GuardrailIds.NoCommander, afterMinutes: 10);

        Assert.DoesNotContain(GuardrailIds.NoCommander, Given.Firing(state, 6, tenMinutes));
        Assert.Contains(GuardrailIds.NoCommander, Given.Firing(state, 11, tenMinutes));
        Assert.Contains("10 minutes", Assert.Single(Given.Findings(state, 11, tenMinutes), f => f.Guardrail == GuardrailIds.NoCommander).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomLevelInfo_IsShownButNotRecorded()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-3"));
        var quiet = Given.Rule(GuardrailIds.Silence, level: GuardrailLevel.Info);

        Assert.Equal(GuardrailLevel.Info, Assert.Single(Given.Findings(state, 61, quiet)).Level);
        Assert.Empty(Given.RecordNudges(ref state, 61, quiet));
        Assert.Null(Given.NextCheck(state, 61, quiet));
    }

    [Fact]
    public void Options_UnlistedRulesKeepTheirDefaults()
    {
        var options = Given.Rule(GuardrailIds.NoCommander, enabled: false);

        Assert.False(options[GuardrailIds.NoCommander].Enabled);
        foreach (var (id, rule) in GuardrailOptions.Defaults.Where(d => d.Key != GuardrailIds.NoCommander))
        {
            Assert.Equal(rule, options[id]);
        }
    }
}

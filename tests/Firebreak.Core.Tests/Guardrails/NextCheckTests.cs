using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class NextCheckTests
{
    [Fact]
    public void NextCheck_NothingFiredYet_IsTheEarliestDueTime()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1"));

        Assert.Equal(Given.Minute(5), Given.NextCheck(state, 1));
    }

    [Fact]
    public void NextCheck_FiredButUnrecordedNudge_IsNow()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1"));

        Assert.Equal(Given.Minute(6), Given.NextCheck(state, 6));
    }

    [Fact]
    public void NextCheck_AfterRecording_MovesToTheNextDueTime()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1"));
        Assert.Equal(GuardrailIds.NoCommander, Assert.Single(Given.RecordNudges(ref state, 6)).Guardrail);

        Assert.Equal(Given.Minute(15), Given.NextCheck(state, 6));
    }

    [Fact]
    public void NextCheck_FollowsAnUpdate()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-3"));
        Assert.Equal(Given.Minute(60).AddTicks(1), Given.NextCheck(state, 1));

        state = Given.ApplyAt(state, 10, new PostUpdate("internal", null, "Still slow for some users."));

        Assert.Equal(Given.Minute(70).AddTicks(1), Given.NextCheck(state, 10));
    }

    [Fact]
    public void NextCheck_NothingPending_IsNull()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-4"));

        Assert.Null(Given.NextCheck(state, 0));
        Assert.Null(Given.NextCheck(state, 24 * 60));
    }

    [Fact]
    public void NextCheck_EveryFiredNudgeRecorded_IsTheEndOfTheNextUpdateInterval()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-3"));
        Assert.Single(Given.RecordNudges(ref state, 61));

        Assert.Equal(Given.Minute(120).AddTicks(1), Given.NextCheck(state, 62));
    }

    [Fact]
    public void NextCheck_IgnoresInfoFindings()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1", commander: "bob"));
        var onlyRoles = new GuardrailOptions(new Dictionary<string, GuardrailRule>
        {
            [GuardrailIds.Silence] = GuardrailOptions.Defaults[GuardrailIds.Silence] with { Enabled = false },
            [GuardrailIds.HeroDebugging] = GuardrailOptions.Defaults[GuardrailIds.HeroDebugging] with { Enabled = false },
            [GuardrailIds.NoEvidence] = GuardrailOptions.Defaults[GuardrailIds.NoEvidence] with { Enabled = false },
        });

        Assert.Equal([GuardrailIds.RolesRequired], Given.Firing(state, 60, onlyRoles));
        Assert.Null(Given.NextCheck(state, 60, onlyRoles));
    }

    [Fact]
    public void NextCheck_ResolvedUntilAnnounced_IsNowThenNull()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1"), Given.VerificationEvidence());
        state = Given.Resolve(state, 20);

        Assert.Equal(Given.Minute(21), Given.NextCheck(state, 21));
        state = Given.ApplyAt(state, 22, new PostUpdate("public", null, "Resolved."));
        Assert.Null(Given.NextCheck(state, 23));
    }
}

using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class HeroDebuggingTests
{
    [Fact]
    public void HeroDebugging_OneResponderNoCheckIn_QuietAt14_FiresAt16()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-2", commander: "alice"));

        Assert.DoesNotContain(GuardrailIds.HeroDebugging, Given.Firing(state, 14));
        Assert.Contains(GuardrailIds.HeroDebugging, Given.Firing(state, 16));
    }

    [Fact]
    public void HeroDebugging_TwoResponders_StaysQuiet()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-2", commander: "alice"));
        state = Given.ApplyAt(state, 1, new JoinResponse(), "bob");

        Assert.DoesNotContain(GuardrailIds.HeroDebugging, Given.Firing(state, 16));
        Assert.DoesNotContain(GuardrailIds.HeroDebugging, Given.Firing(state, 120));
    }

    [Fact]
    public void HeroDebugging_SecondResponderLeaves_FiresAgainForTheOneLeft()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-2", commander: "alice"));
        state = Given.ApplyAt(state, 1, new JoinResponse(), "bob");
        state = Given.ApplyAt(state, 2, new LeaveResponse(), "bob");

        Assert.Contains(GuardrailIds.HeroDebugging, Given.Firing(state, 16));
    }

    [Fact]
    public void HeroDebugging_LastResponderLeaves_NobodyResponding_QuietAt14_FiresAt16()
    {
        // Declared by alice, who hands the incident to carol as commander and leaves; carol never joins.
        var state = Given.Incident(Given.Declaration(severity: "SEV-2", commander: "carol"));
        state = Given.ApplyAt(state, 2, new LeaveResponse(), "alice");
        Assert.Empty(state.Responders);

        Assert.DoesNotContain(GuardrailIds.HeroDebugging, Given.Firing(state, 14));
        var finding = Assert.Single(Given.Findings(state, 16), f => f.Guardrail == GuardrailIds.HeroDebugging);
        Assert.Contains("Nobody is responding", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeroDebugging_NewEntryAtMinute10_QuietAt16_FiresAt26()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-2", commander: "alice"));
        state = Given.ApplyAt(state, 10, new AddEntry("action", "Restarted one api pod to compare."));

        Assert.DoesNotContain(GuardrailIds.HeroDebugging, Given.Firing(state, 16));
        Assert.Contains(GuardrailIds.HeroDebugging, Given.Firing(state, 26));
    }

    [Fact]
    public void HeroDebugging_CheckInAfterANudge_NextSilenceIsANewNudge()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-2", commander: "alice"));
        var first = Assert.Single(Given.RecordNudges(ref state, 16), f => f.Guardrail == GuardrailIds.HeroDebugging);

        state = Given.ApplyAt(state, 20, new AddEntry("note", "Still alone, looking at the load balancer."));
        Assert.DoesNotContain(Given.RecordNudges(ref state, 34), f => f.Guardrail == GuardrailIds.HeroDebugging);

        var second = Assert.Single(Given.RecordNudges(ref state, 36), f => f.Guardrail == GuardrailIds.HeroDebugging);
        Assert.NotEqual(first.Key, second.Key);
    }

    [Fact]
    public void HeroDebugging_Sev3_StaysQuiet()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-3"));

        Assert.DoesNotContain(GuardrailIds.HeroDebugging, Given.Firing(state, 120));
    }
}

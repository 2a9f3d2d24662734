using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class MitigateFirstTests
{
    private static IncidentState WithHypothesisAtMinute2(string severity = "SEV-2")
    {
        var state = Given.Incident(Given.Declaration(severity: severity, commander: "bob"));
        return Given.ApplyAt(state, 2, new AddEntry("hypothesis", "The connection pool is exhausted."));
    }

    [Fact]
    public void MitigateFirst_HypothesesButNoMitigation_QuietAt14_FiresAt16()
    {
        var state = WithHypothesisAtMinute2();

        Assert.DoesNotContain(GuardrailIds.MitigateFirst, Given.Firing(state, 14));
        Assert.Contains(GuardrailIds.MitigateFirst, Given.Firing(state, 16));
    }

    [Fact]
    public void MitigateFirst_NoHypothesisLogged_StaysQuiet()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-2", commander: "bob"));

        Assert.DoesNotContain(GuardrailIds.MitigateFirst, Given.Firing(state, 60));
    }

    [Fact]
    public void MitigateFirst_MitigationStarted_StaysQuiet()
    {
        var state = WithHypothesisAtMinute2();
        state = Given.ApplyAt(state, 5, new ProposeMitigation("feature-flag", "Turn off new pricing", null, null, false, null, null));
        state = Given.ApplyAt(state, 6, new StartMitigation(1));

        Assert.DoesNotContain(GuardrailIds.MitigateFirst, Given.Firing(state, 16));
    }

    [Fact]
    public void MitigateFirst_MitigationOnlyProposed_StillFires()
    {
        var state = WithHypothesisAtMinute2();
        state = Given.ApplyAt(state, 5, new ProposeMitigation("feature-flag", "Turn off new pricing", null, null, false, null, null));

        Assert.Contains(GuardrailIds.MitigateFirst, Given.Firing(state, 16));
    }

    [Fact]
    public void MitigateFirst_Sev3_StaysQuiet()
    {
        var state = WithHypothesisAtMinute2("SEV-3");

        Assert.DoesNotContain(GuardrailIds.MitigateFirst, Given.Firing(state, 60));
    }
}

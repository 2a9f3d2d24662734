using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class NoEvidenceTests
{
    [Theory]
    [InlineData("SEV-1")]
    [InlineData("SEV-2")]
    public void NoEvidence_MajorIncidentWithoutEvidence_QuietAt29_FiresAt31(string severity)
    {
        var state = Given.Incident(Given.Declaration(severity: severity));

        Assert.DoesNotContain(GuardrailIds.NoEvidence, Given.Firing(state, 29));
        Assert.Contains(GuardrailIds.NoEvidence, Given.Firing(state, 31));
    }

    [Fact]
    public void NoEvidence_EvidenceAttachedAtMinute10_StaysQuiet()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1"));
        state = Given.ApplyAt(state, 10, Given.Evidence("api.log"));

        Assert.DoesNotContain(GuardrailIds.NoEvidence, Given.Firing(state, 31));
        Assert.DoesNotContain(GuardrailIds.NoEvidence, Given.Firing(state, 600));
    }

    [Fact]
    public void NoEvidence_WrittenSymptomsAreNotKeptEvidence_StillFires()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1"));
        state = Given.ApplyAt(state, 10, new AddEntry("symptom", "p99 latency 4 s on /pay"));

        Assert.Contains(GuardrailIds.NoEvidence, Given.Firing(state, 31));
    }

    [Theory]
    [InlineData("SEV-3")]
    [InlineData("SEV-4")]
    public void NoEvidence_MinorIncident_StaysQuiet(string severity)
    {
        var state = Given.Incident(Given.Declaration(severity: severity));

        Assert.DoesNotContain(GuardrailIds.NoEvidence, Given.Firing(state, 600));
    }
}

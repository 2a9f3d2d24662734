using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class RolesRequiredTests
{
    [Fact]
    public void RolesRequired_Sev1_ListsTheUnfilledRolesAsInfo()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1", commander: "bob"));

        var finding = Assert.Single(Given.Findings(state, 0), f => f.Guardrail == GuardrailIds.RolesRequired);
        Assert.Equal(GuardrailLevel.Info, finding.Level);
        Assert.Contains(IncidentRoles.CommsLead, finding.Message, StringComparison.Ordinal);
        Assert.Contains(IncidentRoles.TechLead, finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(IncidentRoles.Commander, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RolesRequired_IsNotRecordedByRecordNudges()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-1", commander: "bob"));

        Assert.Contains(GuardrailIds.RolesRequired, Given.Firing(state, 60));
        Assert.DoesNotContain(Given.RecordNudges(ref state, 60), f => f.Guardrail == GuardrailIds.RolesRequired);
        Assert.Contains(GuardrailIds.RolesRequired, Given.Firing(state, 61));
    }

    [Fact]
    public void RolesRequired_AllRolesFilled_IsQuiet()
    {
        var state = Given.Incident(
            Given.Declaration(severity: "SEV-1", commander: "bob"),
            new AssignRole("comms-lead", "carol"),
            new AssignRole("tech-lead", "alice"));

        Assert.DoesNotContain(GuardrailIds.RolesRequired, Given.Firing(state, 60));
    }

    [Fact]
    public void RolesRequired_Sev3RequiresNone_IsQuiet()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-3"));

        Assert.DoesNotContain(GuardrailIds.RolesRequired, Given.Firing(state, 60));
    }
}

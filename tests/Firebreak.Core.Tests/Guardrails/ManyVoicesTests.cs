using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class ManyVoicesTests
{
    private static IncidentState WithCommsLeadBob(string severity = "SEV-2") =>
        Given.Incident(Given.Declaration(severity: severity), new AssignRole("comms-lead", "bob"));

    [Theory]
    [InlineData("public")]
    [InlineData(" PUBLIC ")]
    public void ManyVoices_PublicUpdateBySomeoneOtherThanTheCommsLead_Warns(string audience)
    {
        var events = Given.Events(WithCommsLeadBob(), new PostUpdate(audience, null, "We are looking into checkout errors."), "alice");

        Assert.Equal(2, events.Count);
        Assert.IsType<UpdatePosted>(events[0]);
        var fired = Assert.IsType<GuardrailFired>(events[1]);
        Assert.Equal(GuardrailIds.ManyVoices, fired.Guardrail);
        Assert.Equal("warn", fired.Level);
        Assert.Contains("bob", fired.Message, StringComparison.Ordinal);
        Assert.Contains("alice", fired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyVoices_PublicUpdateByTheCommsLead_IsQuiet() =>
        Assert.IsType<UpdatePosted>(Assert.Single(Given.Events(WithCommsLeadBob(), new PostUpdate("public", null, "We are looking into it."), "bob")));

    [Fact]
    public void ManyVoices_InternalUpdateByAnyone_IsQuiet() =>
        Assert.IsType<UpdatePosted>(Assert.Single(Given.Events(WithCommsLeadBob(), new PostUpdate("internal", null, "Rolling back now."), "alice")));

    [Fact]
    public void ManyVoices_PublicUpdateWithNoCommsLeadWhereOneIsRequired_Warns()
    {
        var events = Given.Events(Given.Incident(Given.Declaration(severity: "SEV-2")), new PostUpdate("public", null, "We are looking into it."));

        var fired = Assert.Single(events.OfType<GuardrailFired>());
        Assert.Equal(GuardrailIds.ManyVoices, fired.Guardrail);
        Assert.Contains("no comms lead", fired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyVoices_PublicUpdateWithNoCommsLeadWhereNoneIsRequired_IsQuiet() =>
        Assert.IsType<UpdatePosted>(Assert.Single(Given.Events(Given.Incident(Given.Declaration(severity: "SEV-3")), new PostUpdate("public", null, "Some users see slow pages."))));
}

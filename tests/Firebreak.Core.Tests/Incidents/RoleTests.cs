using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class RoleTests
{
    [Theory]
    [InlineData("commander", "commander")]
    [InlineData("IC", "commander")]
    [InlineData("comms_lead", "comms-lead")]
    [InlineData("tech-lead", "tech-lead")]
    [InlineData("scribe", "scribe")]
    [InlineData("customer-liaison", "customer-liaison")]
    public void AssignRole_NormalisesRoleNames(string given, string expected)
    {
        var events = Given.Events(Given.Incident(Given.Declaration()), new AssignRole(given, "bob"));
        Assert.Equal(new RoleAssigned(expected, "bob", null), Assert.Single(events));
    }

    [Fact]
    public void AssignRole_WhenHeld_IsAHandoffNamingFromAndTo()
    {
        var state = Given.Incident(Given.Declaration(), new AssignRole("commander", "bob"));
        var events = Given.Events(state, new AssignRole("commander", "carol"));
        Assert.Equal(new RoleAssigned("commander", "carol", "bob"), Assert.Single(events));

        state = Given.Apply(state, new AssignRole("commander", "carol"), Given.As());
        Assert.Equal("carol", state.Commander);
        Assert.Contains("bob", state.Members);
        Assert.Contains("carol", state.Members);
    }

    [Fact]
    public void AssignRole_ToCurrentHolder_IsInvalid() =>
        Assert.Equal("user", Given.Rejection<Invalid>(Given.Incident(Given.Declaration(), new AssignRole("scribe", "bob")), new AssignRole("scribe", "bob")).Field);

    [Theory]
    [InlineData("")]
    [InlineData("Incident Commander!")]
    [InlineData(null)]
    public void AssignRole_InvalidRole_IsInvalid(string? role) =>
        Assert.Equal("role", Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new AssignRole(role, "bob")).Field);

    [Fact]
    public void AssignRole_WithoutUser_IsInvalid() =>
        Assert.Equal("user", Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new AssignRole("scribe", " ")).Field);

    [Fact]
    public void Join_AddsResponderAndMember_AndIsIdempotent()
    {
        var state = Given.Apply(Given.Incident(Given.Declaration()), new JoinResponse(), Given.As("dave"));
        Assert.Contains("dave", state.Responders);
        Assert.Contains("dave", state.Members);
        Assert.Empty(Given.Events(state, new JoinResponse(), "dave"));
    }

    [Fact]
    public void Leave_RemovesResponderButKeepsMembership()
    {
        var state = Given.Apply(Given.Incident(Given.Declaration()), new JoinResponse(), Given.As("dave"));
        state = Given.Apply(state, new LeaveResponse(), Given.As("dave"));
        Assert.DoesNotContain("dave", state.Responders);
        Assert.Contains("dave", state.Members);
    }

    [Fact]
    public void Leave_WhenNotResponding_IsInvalid() =>
        Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new LeaveResponse(), "erin");

    [Fact]
    public void Leave_AsCommanderOfActiveIncident_AsksForHandoff()
    {
        var state = Given.Incident(Given.Declaration(), new AssignRole("commander", "alice"));
        var error = Given.Rejection<Invalid>(state, new LeaveResponse());
        Assert.Contains("hand the commander role", error.Message, StringComparison.Ordinal);
    }
}

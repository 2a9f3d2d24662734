using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Updates;
using Firebreak.Core.Tests.Incidents;
using GuardrailRules = Firebreak.Core.Guardrails.Guardrails;

namespace Firebreak.Core.Tests.Updates;

public sealed class UpdateTests
{
    private static UpdatePosted Posted(IncidentState state, PostUpdate command) => Assert.Single(Given.Events(state, command).OfType<UpdatePosted>());

    private static DateTimeOffset? NextUpdateDue(IncidentState state) =>
        GuardrailRules.NextUpdateDue(state, SeverityScale.Default.PolicyOf(state.Severity));

    [Theory]
    [InlineData("internal")]
    [InlineData(null)]
    public void PostUpdate_Internal_HasNoPublicStatus(string? audience)
    {
        var posted = Posted(Given.Incident(Given.Declaration()), new PostUpdate(audience, null, " Rolling back the deploy. "));

        Assert.Equal(new UpdatePosted(UpdateAudience.Internal, null, "Rolling back the deploy."), posted);
    }

    [Theory]
    [InlineData("internal")]
    [InlineData(null)]
    public void PostUpdate_InternalWithPublicStatus_IsInvalid(string? audience)
    {
        var error = Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new PostUpdate(audience, "resolved", "Rolling back the deploy."));

        Assert.Equal("status", error.Field);
    }

    [Theory]
    [InlineData(IncidentStatus.Triage, PublicStatus.Investigating)]
    [InlineData(IncidentStatus.Investigating, PublicStatus.Investigating)]
    [InlineData(IncidentStatus.Identified, PublicStatus.Identified)]
    [InlineData(IncidentStatus.Monitoring, PublicStatus.Monitoring)]
    [InlineData(IncidentStatus.Resolved, PublicStatus.Resolved)]
    public void PostUpdate_PublicWithoutStatus_TakesItFromTheIncident(IncidentStatus status, PublicStatus expected)
    {
        var posted = Posted(LifecycleTests.At(status), new PostUpdate("public", null, "An update."));

        Assert.Equal(UpdateAudience.Public, posted.Audience);
        Assert.Equal(expected, posted.PublicStatus);
    }

    [Fact]
    public void PostUpdate_PublicWithStatus_KeepsIt() =>
        Assert.Equal(PublicStatus.Monitoring, Posted(Given.Incident(Given.Declaration()), new PostUpdate("public", "Monitoring", "A fix is rolling out.")).PublicStatus);

    [Fact]
    public void PostUpdate_UnknownPublicStatus_IsInvalidListingTheStatuses()
    {
        var error = Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new PostUpdate("public", "fixed", "Done."));

        Assert.Equal("status", error.Field);
        Assert.Contains("investigating, identified, monitoring, resolved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostUpdate_UnknownAudience_IsInvalid() =>
        Assert.Equal("audience", Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new PostUpdate("everyone", null, "Hello.")).Field);

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void PostUpdate_WithoutText_IsInvalid(string? text) =>
        Assert.Equal("text", Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new PostUpdate("internal", null, text)).Field);

    [Fact]
    public void PostUpdate_OverTheLimit_IsInvalid()
    {
        var state = Given.Incident(Given.Declaration());

        Assert.Equal("text", Given.Rejection<Invalid>(state, new PostUpdate("internal", null, new string('x', Limits.UpdateText + 1))).Field);
        Assert.Single(Given.Events(state, new PostUpdate("internal", null, new string('x', Limits.UpdateText))));
    }

    [Fact]
    public void PostUpdate_RecordsWhenAndThePublicStatus()
    {
        var state = Given.ApplyAt(Given.Incident(Given.Declaration()), 10, new PostUpdate("public", "identified", "Found it."));
        state = Given.ApplyAt(state, 20, new PostUpdate("internal", null, "Deploying the fix."));

        Assert.Equal(Given.Minute(20), state.LastUpdateAt);
        Assert.Equal(PublicStatus.Identified, state.LastPublicStatus);
    }

    [Fact]
    public void NextUpdateDue_CountsFromTheDeclaration_ThenFromEachUpdate()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-2"));
        Assert.Equal(Given.Minute(30), NextUpdateDue(state));

        state = Given.ApplyAt(state, 10, new PostUpdate("internal", null, "Still investigating."));
        Assert.Equal(Given.Minute(40), NextUpdateDue(state));
    }

    [Fact]
    public void NextUpdateDue_UpgradeFromSev2ToSev1_ShortensTheCadence()
    {
        var state = Given.ApplyAt(Given.Incident(Given.Declaration(severity: "SEV-2")), 10, new PostUpdate("internal", null, "Still investigating."));
        Assert.DoesNotContain(GuardrailIds.Silence, Given.Firing(state, 26));

        state = Given.ApplyAt(state, 12, new ChangeSeverity("SEV-1", "all regions are affected"));

        Assert.Equal(Given.Minute(25), NextUpdateDue(state));
        Assert.Contains(GuardrailIds.Silence, Given.Firing(state, 26));
    }

    [Fact]
    public void NextUpdateDue_DowngradeToSev4_HasNone() =>
        Assert.Null(NextUpdateDue(Given.Incident(Given.Declaration(severity: "SEV-2"), new ChangeSeverity("SEV-4", "internal tool only"))));

    [Fact]
    public void NextUpdateDue_ResolvedIncident_HasNone() =>
        Assert.Null(NextUpdateDue(LifecycleTests.At(IncidentStatus.Resolved)));
}

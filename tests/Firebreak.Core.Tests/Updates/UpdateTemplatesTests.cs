using Firebreak.Core.Updates;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Updates;

public sealed class UpdateTemplatesTests
{
    private static readonly SeverityLevel Sev1 = SeverityScale.Default.Resolve("SEV-1")!;

    /// <summary>SEV-1 on checkout and payments, impact began 20 minutes before the declaration, bob commands.</summary>
    private static IncidentState Incident() => Given.Incident(new DeclareIncident(
        "Checkout failing", "SEV-1", "Card payments fail at the last step", "EU customers cannot pay", ["checkout", "payments"], Given.Minute(-20), false, null, "bob"));

    [Fact]
    public void Render_FillsEveryPlaceholder()
    {
        var all = string.Join("|", UpdateTemplates.Placeholders.Select(p => "{{" + p + "}}"));
        var templates = new UpdateTemplates(new Dictionary<string, string> { ["all"] = all });

        var text = templates.Render("all", Incident(), Sev1, Given.Minute(65));

        Assert.Equal(
            "INC-7|Checkout failing|SEV-1|investigating|EU customers cannot pay|Card payments fail at the last step|checkout, payments|bob|08:40 UTC|1 h 25 min|10:20 UTC",
            text);
    }

    [Theory]
    [InlineData(UpdateTemplates.Declared)]
    [InlineData(UpdateTemplates.Investigating)]
    [InlineData(UpdateTemplates.Identified)]
    [InlineData(UpdateTemplates.Monitoring)]
    [InlineData(UpdateTemplates.Resolved)]
    public void Render_EachDefaultTemplate_LeavesNoBlank(string name)
    {
        var text = UpdateTemplates.Default.Render(name, Incident(), Sev1, Given.Minute(30));

        Assert.NotNull(text);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.Contains("Checkout failing", text, StringComparison.Ordinal);
        Assert.Empty(UpdateTemplates.UnknownPlaceholders(UpdateTemplates.Defaults[name]));
    }

    [Fact]
    public void Render_MissingValues_UseReadableFallbacks()
    {
        var state = Given.Incident(new DeclareIncident("Search slow", "SEV-4", null, null, null, null, false, null, null));
        var sev4 = SeverityScale.Default.Resolve("SEV-4")!;
        var templates = new UpdateTemplates(new Dictionary<string, string> { ["t"] = "{{services}} / {{impact}} / {{commander}} / {{nextUpdate}} / [{{summary}}]" });

        Assert.Equal("our service / being assessed / not yet assigned / the next change / []", templates.Render("t", state, sev4, Given.Minute(5)));
    }

    [Fact]
    public void Render_Resolved_DurationEndsAtTheResolution()
    {
        var state = Given.Incident(Given.Declaration(), Given.VerificationEvidence());
        state = Given.Resolve(state, 45);

        var text = UpdateTemplates.Default.Render(UpdateTemplates.Resolved, state, Sev1, Given.Minute(90));

        Assert.Contains("It lasted 45 min", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PlaceholderWithSpacesOrOtherCase_IsFilled()
    {
        var templates = new UpdateTemplates(new Dictionary<string, string> { ["t"] = "{{ Title }} ({{KEY}})" });

        Assert.Equal("Checkout failing (INC-7)", templates.Render("t", Incident(), Sev1, Given.Now));
    }

    [Fact]
    public void Render_UnknownPlaceholder_IsLeftAsWritten()
    {
        var templates = new UpdateTemplates(new Dictionary<string, string> { ["t"] = "{{title}} {{titel}}" });

        Assert.Equal("Checkout failing {{titel}}", templates.Render("t", Incident(), Sev1, Given.Now));
    }

    [Fact]
    public void Render_UnknownTemplate_IsNull() =>
        Assert.Null(UpdateTemplates.Default.Render("postmortem", Incident(), Sev1, Given.Now));

    [Theory]
    [InlineData(IncidentStatus.Triage, UpdateTemplates.Declared)]
    [InlineData(IncidentStatus.Investigating, UpdateTemplates.Declared)]
    [InlineData(IncidentStatus.Identified, UpdateTemplates.Identified)]
    [InlineData(IncidentStatus.Monitoring, UpdateTemplates.Monitoring)]
    [InlineData(IncidentStatus.Resolved, UpdateTemplates.Resolved)]
    [InlineData(IncidentStatus.Closed, UpdateTemplates.Resolved)]
    [InlineData(IncidentStatus.Declined, UpdateTemplates.Resolved)]
    public void For_PicksTheTemplateByStatus(IncidentStatus status, string expected) =>
        Assert.Equal(expected, UpdateTemplates.For(LifecycleTests.At(status)));

    [Theory]
    [InlineData(IncidentStatus.Triage)]
    [InlineData(IncidentStatus.Investigating)]
    public void For_AfterTheFirstUpdate_PicksInvestigating(IncidentStatus status)
    {
        var state = Given.Apply(LifecycleTests.At(status), new PostUpdate("internal", null, "Looking into it."), Given.As());

        Assert.Equal(UpdateTemplates.Investigating, UpdateTemplates.For(state));
    }

    [Fact]
    public void UnknownPlaceholders_DetectsTyposOnce()
    {
        var unknown = UpdateTemplates.UnknownPlaceholders("{{titel}} is {{ status }} since {{startedat}}; next {{nextUpdat}} {{titel}}");

        Assert.Equal(["titel", "nextUpdat"], unknown);
    }

    [Fact]
    public void CustomTemplate_OverridesTheDefault_AndKeepsTheOthers()
    {
        var templates = new UpdateTemplates(new Dictionary<string, string> { ["RESOLVED"] = "All good again: {{title}}." });

        Assert.Equal("All good again: Checkout failing.", templates.Render(UpdateTemplates.Resolved, Incident(), Sev1, Given.Now));
        Assert.Equal(UpdateTemplates.Default.Render(UpdateTemplates.Identified, Incident(), Sev1, Given.Now), templates.Render(UpdateTemplates.Identified, Incident(), Sev1, Given.Now));
    }
}

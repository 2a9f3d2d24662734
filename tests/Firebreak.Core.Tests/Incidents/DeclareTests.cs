using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class DeclareTests
{
    [Fact]
    public void Declare_RecordsDeclarationAndDeclarerJoins()
    {
        var events = Given.Events(null, new DeclareIncident(" Checkout failing ", "P1", "Card payments fail", "EU users", ["checkout", "Checkout", "payments"], Given.Now.AddMinutes(-20), true, null, "bob"));

        var declared = Assert.IsType<IncidentDeclared>(events[0]);
        Assert.Equal("Checkout failing", declared.Title);
        Assert.Equal("SEV-2", declared.Severity);
        Assert.Equal(["checkout", "payments"], declared.Services);
        Assert.Equal(Given.Now.AddMinutes(-20), declared.StartedAt);
        Assert.True(declared.Private);
        Assert.Equal(IncidentStatus.Investigating, declared.Status);
        Assert.Equal(new ResponderJoined("alice"), events[1]);
        Assert.Equal(new RoleAssigned(IncidentRoles.Commander, "bob", null), events[2]);
    }

    [Fact]
    public void Declare_FoldsIntoState()
    {
        var state = Given.Incident(new DeclareIncident("Checkout failing", "SEV-1", null, null, null, null, false, "triage", "bob"));

        Assert.Equal(7, state.Id);
        Assert.Equal("INC-7", state.Key);
        Assert.Equal(3, state.Version);
        Assert.Equal(IncidentStatus.Triage, state.Status);
        Assert.Equal("bob", state.Commander);
        Assert.Equal(["alice"], state.Responders);
        Assert.Equal(["alice", "bob"], state.Members);
        Assert.Equal("alice", state.DeclaredBy);
        Assert.Equal(Given.Now, state.StartedAt);
    }

    [Theory]
    [InlineData("SEV-1", "SEV-1")]
    [InlineData("sev-3", "SEV-3")]
    [InlineData("P0", "SEV-1")]
    [InlineData("p3", "SEV-4")]
    [InlineData("2", "SEV-2")]
    public void Declare_AcceptsSeverityAliases(string given, string expected)
    {
        var declared = Assert.IsType<IncidentDeclared>(Given.Events(null, Given.Declaration(severity: given))[0]);
        Assert.Equal(expected, declared.Severity);
    }

    [Theory]
    [InlineData(null, "title")]
    [InlineData("   ", "title")]
    public void Declare_WithoutTitle_IsInvalid(string? title, string field)
    {
        var error = Given.Rejection<Invalid>(null, Given.Declaration() with { Title = title });
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Declare_WithTitleOver200Characters_IsInvalid()
    {
        var error = Given.Rejection<Invalid>(null, Given.Declaration(title: new string('x', 201)));
        Assert.Equal("title", error.Field);
        Assert.Contains("200", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declare_WithTitleOf200Characters_IsAccepted() =>
        Assert.Single(Given.Events(null, Given.Declaration(title: new string('x', 200))).OfType<IncidentDeclared>());

    [Theory]
    [InlineData(null)]
    [InlineData("SEV-9")]
    [InlineData("critical")]
    public void Declare_WithUnknownSeverity_NamesTheLevels(string? severity)
    {
        var error = Given.Rejection<Invalid>(null, Given.Declaration() with { Severity = severity });
        Assert.Equal("severity", error.Field);
        Assert.Contains("SEV-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declare_StartingInTheFuture_IsInvalid()
    {
        var error = Given.Rejection<Invalid>(null, Given.Declaration() with { StartedAt = Given.Now.AddHours(1) });
        Assert.Equal("startedAt", error.Field);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    public void Declare_StartingLongBeforeAnyIncident_IsInvalidNamingTheRange(string startedAt)
    {
        var at = DateTimeOffset.Parse(startedAt, System.Globalization.CultureInfo.InvariantCulture);

        var error = Given.Rejection<Invalid>(null, Given.Declaration() with { StartedAt = at }, Given.At(3));

        Assert.Equal("startedAt", error.Field);
        Assert.Contains($"between {Given.Minute(3).AddYears(-10).UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'} and now", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declare_StartingNineYearsAgo_IsAccepted() =>
        Assert.Equal(Given.Now.AddYears(-9), Given.Incident(Given.Declaration() with { StartedAt = Given.Now.AddYears(-9) }).StartedAt);

    [Theory]
    [InlineData("resolved")]
    [InlineData("declined")]
    [InlineData("bogus")]
    public void Declare_InAnyStatusButTriageOrInvestigating_IsInvalid(string status)
    {
        var error = Given.Rejection<Invalid>(null, Given.Declaration(status: status));
        Assert.Equal("status", error.Field);
    }

    [Fact]
    public void Declare_WithControlCharacters_IsInvalid() =>
        Assert.Equal("title", Given.Rejection<Invalid>(null, Given.Declaration(title: "bad\u0007title")).Field);

    [Fact]
    public void Declare_WithTooManyServices_IsInvalid()
    {
        var services = Enumerable.Range(0, Limits.Services + 1).Select(i => $"svc-{i}").ToList();
        Assert.Equal("services", Given.Rejection<Invalid>(null, Given.Declaration() with { Services = services }).Field);
    }

    [Fact]
    public void Declare_OnExistingIncident_IsConflict() =>
        Given.Rejection<Conflict>(Given.Incident(Given.Declaration()), Given.Declaration());

    [Fact]
    public void AnyOtherCommand_OnMissingIncident_IsNotFound() =>
        Given.Rejection<NotFound>(null, new AddEntry("note", "hello"));
}

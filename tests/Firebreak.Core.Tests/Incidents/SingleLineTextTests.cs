using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Tests.Incidents;

/// <summary>
/// Titles and names are one line of visible text: a bidirectional control (a file shown as
/// 'exe.png' that is really '.exe') or a control character is refused, naming the field.
/// </summary>
public sealed class SingleLineTextTests
{
    private const string Rlo = "\u202E";

    public static TheoryData<string, string> Hidden => new()
    {
        { Rlo, "bidirectional" },
        { "\u2067", "bidirectional" },
        { "\u200E", "bidirectional" },
        { "\u061C", "bidirectional" },
        { "\n", "control characters" },
        { "\u0000", "control characters" },
        { "\u0090", "control characters" },
    };

    [Theory]
    [MemberData(nameof(Hidden))]
    public void Declare_WithItInTheTitle_IsInvalid(string hidden, string detail) =>
        AssertRefused(null, Given.Declaration(title: $"Checkout {hidden}down"), "title", detail);

    [Theory]
    [MemberData(nameof(Hidden))]
    public void Declare_WithItInAServiceName_IsInvalid(string hidden, string detail) =>
        AssertRefused(null, Given.Declaration() with { Services = ["checkout", $"pay{hidden}ments"] }, "services", detail);

    [Theory]
    [MemberData(nameof(Hidden))]
    public void Evidence_WithItInTheName_IsInvalid(string hidden, string detail) =>
        AssertRefused(Given.Incident(Given.Declaration()), Given.Evidence(name: $"invoice{hidden}gnp.exe"), "name", detail);

    [Theory]
    [MemberData(nameof(Hidden))]
    public void Mitigation_WithItInTheTitleOrOwner_IsInvalid(string hidden, string detail)
    {
        AssertRefused(Given.Incident(Given.Declaration()), new ProposeMitigation("scale", $"More{hidden} pods", null, null, false, null, null), "title", detail);
        AssertRefused(Given.Incident(Given.Declaration()), new ProposeMitigation("scale", "More pods", $"bo{hidden}b", null, false, null, null), "owner", detail);
    }

    [Theory]
    [MemberData(nameof(Hidden))]
    public void Role_WithItInTheHolder_IsInvalid(string hidden, string detail) =>
        AssertRefused(Given.Incident(Given.Declaration()), new AssignRole("scribe", $"bo{hidden}b"), "user", detail);

    private static void AssertRefused(IncidentState? state, IIncidentCommand command, string field, string detail)
    {
        var error = Given.Rejection<Invalid>(state, command);
        Assert.Equal(field, error.Field);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }
}

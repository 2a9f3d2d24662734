using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Tests.Incidents;

/// <summary>The one reading of a list query, shared by the API and the web list.</summary>
public sealed class IncidentQueryTests
{
    private static Result<IncidentQuery> Parse(params (string Name, string Value)[] fields) =>
        IncidentQuery.Parse(name => [.. fields.Where(f => f.Name == name).Select(f => f.Value)], SeverityScale.Default);

    [Theory]
    [InlineData("", null)]
    [InlineData("all", null)]
    [InlineData("active", true)]
    [InlineData("past", false)]
    public void When_FromTheWebList_ChoosesActiveOrPastOrAll(string when, bool? active) =>
        Assert.Equal(active, Parse(("when", when)).Value.Active);

    [Fact]
    public void Filters_AreRead_CommaSeparatedOrRepeated()
    {
        var query = Parse(("status", "investigating,identified"), ("severity", "P1"), ("severity", "SEV-3"), ("q", "checkout"), ("limit", "20"), ("offset", "40")).Value;

        Assert.Equal([IncidentStatus.Investigating, IncidentStatus.Identified], query.Statuses);
        Assert.Equal(["SEV-2", "SEV-3"], query.Severities);
        Assert.Equal(("checkout", 20, 40), (query.Text, query.Limit, query.Offset));
    }

    [Theory]
    [InlineData("when", "later", "active, past or all")]
    [InlineData("status", "open", "Unknown status 'open'")]
    [InlineData("severity", "SEV-9", "Unknown severity 'SEV-9'")]
    [InlineData("active", "yes", "true or false")]
    [InlineData("limit", "0", "from 1 to 200")]
    [InlineData("offset", "-1", "whole number")]
    public void BadField_IsAnErrorNamingIt(string field, string value, string detail)
    {
        var error = Assert.IsType<Invalid>(Parse((field, value)).Error);
        Assert.Equal(field, error.Field);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongText_IsRefused_NotCut() =>
        Assert.Equal("q", Assert.IsType<Invalid>(Parse(("q", new string('x', IncidentQuery.MaxText + 1))).Error).Field);

    [Fact]
    public void TextWithANul_IsRefused_AndADashIsKeptAsText()
    {
        Assert.Equal("q", Assert.IsType<Invalid>(Parse(("q", "\0")).Error).Field);
        Assert.Equal("q", Assert.IsType<Invalid>(Parse(("q", "checkout\0down")).Error).Field);
        Assert.Equal("-", Parse(("q", "-")).Value.Text);
    }
}

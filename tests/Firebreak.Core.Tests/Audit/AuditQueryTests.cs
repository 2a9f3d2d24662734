using Firebreak.Core.Audit;
using Firebreak.Core.Common;

namespace Firebreak.Core.Tests.Audit;

/// <summary>The one reading of the audit log's filters, shared by the API, the page and the CLI.</summary>
public sealed class AuditQueryTests
{
    [Fact]
    public void Nothing_IsTheNewestPage_OfEverything()
    {
        var query = Parse([]).Value;

        Assert.Equal(new AuditQuery(null, null, null, AuditQuery.DefaultLimit), query);
    }

    [Fact]
    public void Filters_AreRead_AndTheActorIsAUsernameAsStored()
    {
        var query = Parse([("actor", " Alice "), ("kind", "sign-in-failed"), ("before", "42"), ("limit", "10")]).Value;

        Assert.Equal(new AuditQuery("alice", AuditKind.SignInFailed, 42, 10), query);
    }

    [Theory]
    [InlineData("kind", "everything", "sign-in-failed")]
    [InlineData("kind", "signin", "role-changed")]
    [InlineData("limit", "0", "1 to 1000")]
    [InlineData("limit", "1001", "1 to 1000")]
    [InlineData("limit", "ten", "whole number")]
    [InlineData("before", "0", "whole number")]
    [InlineData("before", "-3", "whole number")]
    [InlineData("before", "99999999999999999999", "whole number")]
    public void BadValues_AreRefused_NamingTheParameterAndWhatItTakes(string name, string value, string hint)
    {
        var parsed = Parse([(name, value)]);

        var error = Assert.IsType<Invalid>(parsed.Error);
        Assert.Equal(name, error.Field);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnActorLongerThanAnyUsername_IsRefused()
    {
        var error = Assert.IsType<Invalid>(Parse([("actor", new string('a', 201))]).Error);

        Assert.Equal("actor", error.Field);
    }

    private static Result<AuditQuery> Parse((string Name, string Value)[] values) =>
        AuditQuery.Parse(name => [.. values.Where(v => v.Name == name).Select(v => v.Value)]);
}

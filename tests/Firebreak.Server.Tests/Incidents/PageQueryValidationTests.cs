using System.Net;
using Firebreak.Server.Tests.Support;
using Firebreak.Storage;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>
/// A bad query string on the incident list or in a room is the 400 page saying which parameter to
/// fix (as the API says it with a 400 problem), never a 500 and never a page quietly ignoring it.
/// </summary>
public abstract class PageQueryValidationTests : EngineTests
{
    [SkippableTheory]
    [InlineData("/incidents?offset=abc", "offset", "whole number")]
    [InlineData("/incidents?offset=99999999999", "offset", "whole number from 0 to 2147483647")]
    [InlineData("/incidents?offset=-1", "offset", "whole number")]
    [InlineData("/incidents?limit=0", "limit", "1 to 200")]
    [InlineData("/incidents?status=bogus", "status", "Unknown status 'bogus'")]
    [InlineData("/incidents?severity=SEV-9", "severity", "Unknown severity 'SEV-9'")]
    [InlineData("/incidents?when=later", "when", "active, past or all")]
    [InlineData("/incidents/{id}?from=abc", "from", "whole number")]
    [InlineData("/incidents/{id}?from=-3", "from", "whole number")]
    [InlineData("/incidents/{id}?from=99999999999999999999", "from", "whole number")]
    public async Task Page_WithABadQueryParameter_IsThe400PageNamingIt(string path, string field, string detail)
    {
        using var responder = await Factory.UserAsync("rosa");
        var id = await responder.DeclareIdAsync();
        using var web = await WebSession.SignInAsync(Factory, "rosa", FirebreakFactory.UserPassword);

        var response = await web.GetAsync(path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: expected the 400 page, got {(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>That request was not accepted</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<strong>{field}:</strong>", html, StringComparison.Ordinal);
        Assert.Contains(detail, html, StringComparison.Ordinal);
    }
}

public sealed class SqlitePageQueryValidationTests : PageQueryValidationTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresPageQueryValidationTests : PageQueryValidationTests
{
    protected override Engine Engine => Engine.Postgres;
}

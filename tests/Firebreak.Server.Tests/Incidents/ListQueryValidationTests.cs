using System.Net;
using Firebreak.Server.Tests.Support;
using Firebreak.Storage;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>Bad query parameters on the list and timeline routes are a 400 naming the parameter.</summary>
public abstract class ListQueryValidationTests : EngineTests
{
    [SkippableTheory]
    [InlineData("?status=bogus", "status", "'bogus'", "triage, investigating")]
    [InlineData("?status=investigating,bogus", "status", "'bogus'")]
    [InlineData("?severity=SEV-9", "severity", "'SEV-9'", "SEV-1")]
    [InlineData("?limit=0", "limit", "1 to 200")]
    [InlineData("?limit=201", "limit", "1 to 200")]
    [InlineData("?limit=abc", "limit", "whole number")]
    [InlineData("?limit=-5", "limit", "whole number")]
    [InlineData("?limit=1.5", "limit", "whole number")]
    [InlineData("?offset=-1", "offset", "whole number")]
    [InlineData("?offset=x", "offset", "whole number")]
    [InlineData("?active=maybe", "active", "true or false")]
    public async Task List_WithBadQueryParameter_Is400NamingIt(string query, string field, params string[] detail)
    {
        using var admin = Factory.Admin();
        await admin.DeclareIdAsync();
        await HttpAssert.InvalidAsync(await admin.GetAsync(IncidentApi.Incidents + query), field, detail);
    }

    [SkippableFact]
    public async Task List_WithSearchTextOver200Chars_Is400()
    {
        using var admin = Factory.Admin();
        await HttpAssert.InvalidAsync(await admin.GetAsync($"{IncidentApi.Incidents}?q={new string('a', 201)}"), "q", "200");
    }

    [SkippableTheory]
    [InlineData("?after=-1", "after")]
    [InlineData("?after=x", "after")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=10001", "limit")]
    [InlineData("?limit=abc", "limit")]
    public async Task Timeline_WithBadQueryParameter_Is400NamingIt(string query, string field)
    {
        using var admin = Factory.Admin();
        var id = await admin.DeclareIdAsync();
        await HttpAssert.InvalidAsync(await admin.GetAsync(IncidentApi.Url(id, "timeline") + query), field, $"'{field}' must be a whole number");
    }

    [SkippableFact]
    public async Task Timeline_OfHiddenIncident_AnswersExactlyAsForAnUnknownOne()
    {
        using var alice = await Factory.UserAsync("alice");
        using var bob = await Factory.UserAsync("bob");
        var id = await alice.DeclareIdAsync(isPrivate: true);

        foreach (var target in new[] { id, 999 })
        {
            await HttpAssert.InvalidAsync(await bob.GetAsync(IncidentApi.Url(target, "timeline") + "?limit=0"), "limit");
            await HttpAssert.ProblemAsync(await bob.GetAsync(IncidentApi.Url(target, "timeline") + "?limit=5"), HttpStatusCode.NotFound, $"INC-{target}");
        }
    }
}

public sealed class SqliteListQueryValidationTests : ListQueryValidationTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresListQueryValidationTests : ListQueryValidationTests
{
    protected override Engine Engine => Engine.Postgres;
}

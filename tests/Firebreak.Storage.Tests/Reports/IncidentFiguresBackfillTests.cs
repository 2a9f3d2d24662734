using Firebreak.Core.Incidents;
using Firebreak.Core.Reports;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Reports;
using Firebreak.Testing;
using Firebreak.Storage.Tests.Upgrade;

namespace Firebreak.Storage.Tests.Reports;

/// <summary>
/// A database with incidents but no figures (the previous release's, Upgrade/Fixtures: three incidents, one
/// private and one declined) gets its incident_figures filled from the events at start, once; appends after
/// that keep the rows up to date in their transaction.
/// </summary>
public abstract class IncidentFiguresBackfillContract
{

    protected static string Fixture(string name) => PreviousRelease.Fixture(name);

    protected abstract Task<Database?> OpenPreviousReleaseAsync();

    [SkippableFact]
    public async Task IncidentsWithoutFigures_AreFilledFromTheirEvents_OnceAtStart()
    {
        await using var database = await OpenPreviousReleaseAsync();
        Skip.If(database is null, "No PostgreSQL server: set FIREBREAK_TEST_POSTGRES (./test.sh starts one).");
        await database.MigrateAsync(default);
        var incidents = new IncidentStore(database, new IncidentFiguresProjection(SeverityScale.Default));
        var figures = new IncidentFiguresStore(incidents.StreamStore, SeverityScale.Default);
        Assert.Empty(await figures.ListAsync(DateTimeOffset.MinValue, default));

        Assert.Equal(3, await figures.EnsureAsync(default));
        Assert.Equal(0, await figures.EnsureAsync(default));

        var rows = (await figures.ListAsync(DateTimeOffset.MinValue, default)).OrderBy(r => r.IncidentId).ToList();
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.IncidentId));
        foreach (var row in rows)
        {
            var events = await incidents.ReadAsync(row.IncidentId, 0, 1000, default);
            var expected = IncidentFigures.Next(null, Incident.Fold(null, events)!, events, SeverityScale.Default);
            Assert.Equal(expected with { Services = [], UpdateTimes = [] }, row with { Services = [], UpdateTimes = [] });
            Assert.Equal(expected.Services, row.Services);
            Assert.Empty(row.UpdateTimes); // the report's read leaves them out: only the projection needs them
        }

        Assert.Equal(["checkout"], rows[0].Services);
        Assert.Single(rows, r => r.Private);
        Assert.True(rows[2].Declined);

        // After the fill, an append keeps the row in its transaction, from the row and the new events alone.
        var checkout = (await incidents.GetAsync(1, default))!;
        var now = checkout.UpdatedAt.AddMinutes(5);
        var context = new DecisionContext("bob", now, SeverityScale.Default);
        var appended = await incidents.AppendAsync(1, checkout.Version, s => Incident.Decide(s, new AddEntry("note", "after the fill"), context), "bob", now, default);
        Assert.True(appended.IsSuccess);
        var after = (await figures.ListAsync(DateTimeOffset.MinValue, default)).Single(r => r.IncidentId == 1);
        Assert.Equal(now, after.UpdatedAt);
        Assert.Equal(rows[0].AcknowledgedAt, after.AcknowledgedAt);
        Assert.Equal(rows[0].CommanderAt, after.CommanderAt);
    }
}

public sealed class SqliteIncidentFiguresBackfillTests : IncidentFiguresBackfillContract
{
    protected override Task<Database?> OpenPreviousReleaseAsync() => PreviousRelease.SqliteAsync();
}

public sealed class PostgresIncidentFiguresBackfillTests : IncidentFiguresBackfillContract
{
    protected override Task<Database?> OpenPreviousReleaseAsync() => PreviousRelease.PostgresAsync();
}

using Firebreak.Server.Tests.Support;
using Firebreak.Storage;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>
/// One incident with a bit of everything (a hypothesis, a note, a proposed mitigation, the security
/// checklist, a text and a link evidence item) that the bad-input tests try to change.
/// </summary>
public abstract class RouteInputFixture : IAsyncLifetime
{
    private FirebreakFactory? _factory;
    private HttpClient? _admin;
    private WebSession? _web;

    protected abstract Engine Engine { get; }

    /// <summary>The admin's client; on PostgreSQL without a server, using it skips the test (see <see cref="EngineTests"/>).</summary>
    public HttpClient Admin
    {
        get
        {
            Skip.If(_admin is null, Engines.NoPostgres);
            return _admin!;
        }
    }

    /// <summary>The server, for clients of other kinds (anonymous, Basic, a browser's session).</summary>
    public FirebreakFactory Factory
    {
        get
        {
            Skip.If(_factory is null, Engines.NoPostgres);
            return _factory!;
        }
    }

    public long Id { get; private set; }

    /// <summary>Timeline versions of a hypothesis entry and of a note entry.</summary>
    public long Hypothesis { get; private set; }

    public long Note { get; private set; }

    public long TextEvidence { get; private set; }

    public long LinkEvidence { get; private set; }

    public async Task InitializeAsync()
    {
        _factory = await Engines.FactoryAsync(Engine, database => new FirebreakFactory(database) { SchedulerLoop = false });
        if (_factory is null)
        {
            return;
        }

        _admin = _factory.Admin();
        var declared = await Admin.DeclareAsync(new { title = "Customer data on a public bucket", severity = "SEV-2", triage = new { securityBreach = "yes" } });
        Id = declared.Long("id");
        Hypothesis = (await Admin.AddEntryAsync(Id, "hypothesis", "The bucket policy was changed by the deploy")).Long("version");
        Note = (await Admin.AddEntryAsync(Id, "note", "Security lead paged")).Long("version");
        await Admin.ProposeAsync(Id, new { kind = "feature-flag", title = "Turn off public sharing" });
        TextEvidence = (await Admin.AttachAsync(Id, new { kind = "text", name = "policy.json", text = "{\"public\": true}" })).Long("id");
        LinkEvidence = (await Admin.AttachAsync(Id, new { kind = "link", url = "https://console.example.com/buckets/exports" })).Long("id");
    }

    /// <summary>A browser's session of a responder (created on first use) on the response team of the (private) incident.</summary>
    public async Task<WebSession> WebAsync()
    {
        if (_web is null)
        {
            (await Factory.UserAsync("rosa")).Dispose();
            await Admin.CommandAsync(Id, "roles", new { role = "scribe", user = "rosa" });
            _web = await WebSession.SignInAsync(Factory, "rosa", FirebreakFactory.UserPassword);
        }

        return _web;
    }

    /// <summary>Everything a refused request must leave as it was: the incident, its timeline and its evidence.</summary>
    public async Task<(IncidentSnapshot Incident, string Evidence, long Total)> StateAsync() =>
        (await Admin.SnapshotAsync(Id), (await Admin.EvidenceAsync(Id)).GetRawText(), await Admin.TotalAsync());

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        _web?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}

public sealed class SqliteRouteInputFixture : RouteInputFixture
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresRouteInputFixture : RouteInputFixture
{
    protected override Engine Engine => Engine.Postgres;
}

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;
using Firebreak.Server.Configuration;
using Firebreak.Server.Hosting;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.StatusPage;

/// <summary>One rendered body of the status page, with its gzip form and ETag, ready to serve without any work.</summary>
public sealed record RenderedBody(byte[] Bytes, byte[] Gzip, string ETag, string ContentType)
{
    /// <summary>The body of a text, compressed once: the one it was before when the text is the same.</summary>
    public static RenderedBody Of(string text, string contentType, RenderedBody? before = null)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (before is not null && before.ContentType == contentType && before.Bytes.AsSpan().SequenceEqual(bytes))
        {
            return before;
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return new RenderedBody(bytes, compressed.ToArray(), $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"", contentType);
    }
}

/// <summary>
/// The status page is a snapshot, never the database: it is rebuilt from the store when an incident
/// event commits (the change feed, on any node) and kept in memory as rendered bodies, and written to
/// the data folder, so a request never opens a database connection and a start with the database
/// down still serves the last state.
/// </summary>
public sealed partial class StatusSnapshots(
    IIncidentStore store,
    Storage.StatusPage.StatusPageStore statusStore,
    ChangeFeed feed,
    FirebreakConfig config,
    Notifications.ChannelSet channels,
    DataFolder dataFolder,
    TimeProvider clock,
    DatabaseReadiness readiness,
    ILogger<StatusSnapshots> logger) : BackgroundService
{
    private const string FileName = "status-snapshot.json";
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(5);

    /// <summary>How many of the most recent incidents the snapshot reads (the history and the uptime reach as far back as they go).</summary>
    public const int MaxIncidents = 2_000;
    private readonly System.Threading.Channels.Channel<bool> _wake = System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _rebuilding = new(1, 1);
    private IReadOnlyDictionary<string, RenderedBody> _bodies = new Dictionary<string, RenderedBody>();

    // The events of the incidents on the page, by incident, up to the version read (one rebuild at a time touches it).
    private Dictionary<long, (long Version, List<RecordedEvent> Events)> _events = [];

    /// <summary>The board of the last rebuild on this node (null before one; a snapshot read from disk has bodies only).</summary>
    public StatusBoard? Board { get; private set; }

    /// <summary>The page as last built (or read from disk at start); null only before the first one.</summary>
    public RenderedBody? Page => Body(PagePath);

    /// <summary>A body of the last snapshot by its path (/status, /api/v2/summary.json, …), or null.</summary>
    public RenderedBody? Body(string path) => Volatile.Read(ref _bodies).GetValueOrDefault(path);

    public const string PagePath = "/status";

    private string PathOnDisk => System.IO.Path.Combine(dataFolder.Path, FileName);

    /// <summary>Builds the snapshot from the store now and swaps it in (tests call it; the service does after commits).</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await _rebuilding.WaitAsync(cancellationToken);
        try
        {
            await RebuildCoreAsync(cancellationToken);
        }
        finally
        {
            _rebuilding.Release();
        }
    }

    private async Task RebuildCoreAsync(CancellationToken cancellationToken)
    {
        // The most recent incidents, page by page, up to MaxIncidents: the board, the uptime and the history come from them.
        var states = new List<IncidentState>();
        for (var offset = 0; offset < MaxIncidents; offset += IncidentQuery.MaxLimit)
        {
            var page = await store.ListAsync(new IncidentQuery { Limit = IncidentQuery.MaxLimit, Offset = offset }, new Viewer(string.Empty, SeesAll: false), cancellationToken);
            states.AddRange(page.Items);
            if (page.Items.Count < IncidentQuery.MaxLimit)
            {
                break;
            }
        }

        var incidents = new List<(IncidentState, IReadOnlyList<RecordedEvent>)>();
        var kept = new Dictionary<long, (long Version, List<RecordedEvent> Events)>();
        foreach (var state in states.Where(s => !s.Private && s.PublicSteps.Count > 0))
        {
            // Each incident's events are read once: a rebuild reads only those after the version it last saw.
            var (version, events) = _events.GetValueOrDefault(state.Id, (0, []));
            if (version < state.Version)
            {
                events = [.. events, .. await store.ReadAsync(state.Id, version, int.MaxValue, cancellationToken)];
                version = events.Count > 0 ? events[^1].Version : version;
            }

            kept[state.Id] = (version, events);
            incidents.Add((state, events));
        }

        _events = kept;

        var now = clock.GetUtcNow();
        var components = config.StatusPage.Components;
        var maintenances = await statusStore.Maintenances.ListAsync(cancellationToken);
        var records = (await statusStore.Components.ListAsync(cancellationToken)).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var recordOf = components.ToDictionary(c => c.Name, c => records.GetValueOrDefault(Storage.StatusPage.StatusPageStore.ComponentId(c.Name)));
        var hand = recordOf.Where(r => r.Value?.Hand is not null).ToDictionary(r => r.Key, r => r.Value!.Hand!, StringComparer.Ordinal);
        var board = StatusBoard.Build(components, incidents, config.Severities, now, maintenances, hand);

        // Uptime: what incidents, statuses set by hand and maintenance said of each component, with the corrections.
        var periods = incidents.SelectMany(i => Uptime.PeriodsOf(components, i.Item2, config.Severities))
            .Concat(maintenances.SelectMany(Uptime.PeriodsOf))
            .Concat(recordOf.Where(r => r.Value is not null).SelectMany(r => Uptime.PeriodsOf(r.Key, r.Value!)))
            .ToList();
        board = board with
        {
            Uptime = components.ToDictionary(
                c => c.Name,
                c => Uptime.Of(c.Name, periods, recordOf[c.Name]?.Corrections ?? [], config.StatusPage.Weights, now),
                StringComparer.Ordinal),
        };
        var bodies = new Dictionary<string, RenderedBody>(StatuspageApi.Render(config.StatusPage, board, channels.BaseUrl), StringComparer.Ordinal)
        {
            [PagePath] = RenderedBody.Of(StatusPageHtml.Render(config.StatusPage, board), "text/html; charset=utf-8"),
            [StatusFeed.Path] = RenderedBody.Of(StatusFeed.Render(config.StatusPage, board, channels.BaseUrl), StatusFeed.ContentType),
        };
        foreach (var incident in board.Incidents)
        {
            var path = StatusPageHtml.IncidentPath(incident.Id);
            bodies[path] = RenderedBody.Of(StatusPageHtml.Render(config.StatusPage, board, incident: incident), "text/html; charset=utf-8", Body(path));
        }

        foreach (var history in StatusPageHtml.History(board))
        {
            bodies[history.Path] = RenderedBody.Of(StatusPageHtml.Render(config.StatusPage, board, history), "text/html; charset=utf-8");
        }
        Volatile.Write(ref _bodies, bodies);
        Board = board;
        var saved = new SavedSnapshot([.. bodies.Select(b => new SavedBody(b.Key, Encoding.UTF8.GetString(b.Value.Bytes), b.Value.ContentType))]);
        var temporary = PathOnDisk + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(saved, SavedSnapshotJson.Default.SavedSnapshot), cancellationToken);
        File.Move(temporary, PathOnDisk, overwrite: true);
    }

    /// <summary>The saved snapshot is read before the server takes its first request, so /status answers from the first one.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadSavedAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Until the database has been reached the saved snapshot is served as it is.
        if (!await readiness.WaitUntilReadyAsync(stoppingToken))
        {
            return;
        }

        using var subscription = feed.Subscribe(events =>
        {
            if (events.Any(e => Changes(e.Event)))
            {
                _wake.Writer.TryWrite(true);
            }
        });
        _wake.Writer.TryWrite(true);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A rebuild at least every few minutes moves the uptime bars on to a new day without any event.
                using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    quiet.CancelAfter(Refresh);
                    try
                    {
                        await _wake.Reader.ReadAsync(quiet.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                    }
                }

                await Task.Delay(Debounce, stoppingToken);
                await RebuildAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The last snapshot keeps being served; the next commit (or this retry) builds a new one.
                LogRebuildFailed(e.Message);
                _wake.Writer.TryWrite(true);
                await Task.Delay(RetryAfterFailure, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    // The last snapshot written, served until the first rebuild succeeds (the database may be down at start).
    private async Task LoadSavedAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (File.Exists(PathOnDisk)
                && JsonSerializer.Deserialize(await File.ReadAllTextAsync(PathOnDisk, cancellationToken), SavedSnapshotJson.Default.SavedSnapshot) is { } saved)
            {
                Volatile.Write(ref _bodies, saved.Bodies.ToDictionary(b => b.Path, b => RenderedBody.Of(b.Text, b.ContentType), StringComparer.Ordinal));
            }
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            LogRebuildFailed($"the saved snapshot could not be read ({e.Message})");
        }
    }

    /// <summary>The events that can change what the page shows: what was said in public, and an incident's severity and status.</summary>
    public static bool Changes(Core.Common.IEvent e) =>
        e is UpdatePosted { Audience: Core.Updates.UpdateAudience.Public } or StatusChanged or SeverityChanged or IncidentDeclined or ImpactStated or IStatusPageEvent;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The status page could not be rebuilt; the last one is served: {Error}")]
    private partial void LogRebuildFailed(string error);
}

/// <summary>The snapshot as the data folder keeps it: every body's text by its path.</summary>
public sealed record SavedSnapshot(IReadOnlyList<SavedBody> Bodies);

public sealed record SavedBody(string Path, string Text, string ContentType);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SavedSnapshot))]
public sealed partial class SavedSnapshotJson : JsonSerializerContext;

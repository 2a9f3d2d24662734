using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
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
    public static RenderedBody Of(string text, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
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
    ChangeFeed feed,
    FirebreakConfig config,
    DataFolder dataFolder,
    TimeProvider clock,
    ILogger<StatusSnapshots> logger) : BackgroundService
{
    private const string FileName = "status-page.html";
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);
    private readonly System.Threading.Channels.Channel<bool> _wake = System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
    private RenderedBody? _page;

    /// <summary>The page as last built (or read from disk at start); null only before the first one.</summary>
    public RenderedBody? Page => Volatile.Read(ref _page);

    private string PathOnDisk => System.IO.Path.Combine(dataFolder.Path, FileName);

    /// <summary>Builds the snapshot from the store now and swaps it in (tests call it; the service does after commits).</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(new IncidentQuery { Limit = IncidentQuery.MaxLimit }, new Viewer(string.Empty, SeesAll: false), cancellationToken);
        var incidents = new List<(IncidentState, IReadOnlyList<RecordedEvent>)>();
        foreach (var state in page.Items.Where(s => !s.Private && s.PublicSteps.Count > 0))
        {
            incidents.Add((state, await store.ReadAsync(state.Id, 0, int.MaxValue, cancellationToken)));
        }

        var board = StatusBoard.Build(config.StatusPage.Components, incidents, config.Severities, clock.GetUtcNow());
        var html = StatusPageHtml.Render(config.StatusPage, board);
        Volatile.Write(ref _page, RenderedBody.Of(html, "text/html; charset=utf-8"));
        var temporary = PathOnDisk + ".tmp";
        await File.WriteAllTextAsync(temporary, html, cancellationToken);
        File.Move(temporary, PathOnDisk, overwrite: true);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (File.Exists(PathOnDisk))
        {
            Volatile.Write(ref _page, RenderedBody.Of(await File.ReadAllTextAsync(PathOnDisk, stoppingToken), "text/html; charset=utf-8"));
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
                await _wake.Reader.ReadAsync(stoppingToken);
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

    /// <summary>The events that can change what the page shows: what was said in public, and an incident's severity and status.</summary>
    public static bool Changes(Core.Common.IEvent e) =>
        e is UpdatePosted { Audience: Core.Updates.UpdateAudience.Public } or StatusChanged or SeverityChanged or IncidentDeclined;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The status page could not be rebuilt; the last one is served: {Error}")]
    private partial void LogRebuildFailed(string error);
}

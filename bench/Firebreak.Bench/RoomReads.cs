using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Firebreak.Bench;

/// <param name="Items">Timeline entries the incident holds.</param>
/// <param name="Shown">Timeline entries on the page (the room shows the latest window of them).</param>
internal sealed record RoomPage(long Items, int Shown, long HtmlBytes, Summary Latency);

internal sealed record RoomResults(RoomPage Long, RoomPage Short);

/// <summary>
/// The incident room of the web UI as a signed-in responder sees it: `GET /incidents/{id}`, the
/// whole server-rendered HTML, for the incident with the long timeline and for one with a short one.
/// </summary>
internal static partial class RoomReads
{
    /// <summary>Entries the room shows when no ?from= is given: the latest this many.</summary>
    public const int Window = 200;

    /// <summary>Notes added to the comparison incident after its declaration.</summary>
    public const int ShortTimelineNotes = 20;

    /// <summary>The role of the signed-in account: a responder gets the page with its write forms.</summary>
    public const string Role = "responder";

    private const string Username = "bench-web";

    public static async Task<RoomResults> RunAsync(Settings settings, Uri baseAddress, FirebreakApi api, long longIncident, CancellationToken cancellationToken)
    {
        var password = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await api.CreateUserAsync(Username, Role, password, cancellationToken);
        using var web = new WebSession(baseAddress);
        await web.SignInAsync(Username, password, cancellationToken);

        var (shortIncident, declared) = await api.DeclareAsync("Benchmark: incident with a short timeline", cancellationToken);
        for (var n = 1; n <= ShortTimelineNotes; n++)
        {
            await api.AppendAsync(shortIncident, FirebreakApi.NoteText(n), cancellationToken);
        }

        var longPage = await MeasureAsync(settings, web, longIncident, settings.TimelineItems, cancellationToken);
        var shortPage = await MeasureAsync(settings, web, shortIncident, declared + ShortTimelineNotes, cancellationToken);
        return new RoomResults(longPage, shortPage);
    }

    private static async Task<RoomPage> MeasureAsync(Settings settings, WebSession web, long id, long items, CancellationToken cancellationToken)
    {
        var key = id.ToString(CultureInfo.InvariantCulture);
        var path = $"incidents/{key}";

        // Check once that this is the room, for a writer, showing the latest window of the timeline.
        var body = await web.GetPageAsync(path, cancellationToken);
        var html = Encoding.UTF8.GetString(body);
        var shown = TimelineEntry().Count(html);
        var expected = (int)Math.Min(Window, items);
        if (!html.Contains("id=\"timeline\"", StringComparison.Ordinal) || shown != expected ||
            !html.Contains(Invariant($"id=\"e{items}\""), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GET /{path} shows {shown} timeline entries (expected {expected}, ending at #{items}).");
        }

        if (!html.Contains($"action=\"/ui/incidents/{key}/entries\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GET /{path} has no form to add an entry: the session is not a responder's.");
        }

        var latency = await Load.SequentialAsync(
            settings.ReadWarmups,
            settings.ReadWarmupTime,
            settings.Reads,
            async ct => await web.GetPageAsync(path, ct),
            cancellationToken);
        return new RoomPage(items, shown, body.Length, latency);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One rendered timeline entry (the &lt;li&gt; of TimelineEntry.razor).</summary>
    [GeneratedRegex("""<li id="e\d+"[^>]*\bdata-version="\d+""")]
    private static partial Regex TimelineEntry();
}

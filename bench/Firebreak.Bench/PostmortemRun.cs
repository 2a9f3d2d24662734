using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Firebreak.Bench;

/// <param name="Entries">The incident's timeline entries.</param>
/// <param name="Create">POST …/postmortem: the first draft written from every event, once.</param>
/// <param name="Read">GET …/postmortem: the figures, the curated timeline, the blame check and what holds publishing back, computed on every read.</param>
/// <param name="Export">GET …/postmortem/export: the whole Markdown document.</param>
internal sealed record PostmortemResults(long Entries, double CreateMs, Summary Read, Summary Export, long ReadBytes);

/// <summary>
/// Section 10: the postmortem of an incident with a long timeline, on SQLite. The incident gets its
/// notes and a public update every 100 entries through the API, is resolved, and then its postmortem is
/// opened once and read and exported one request after another.
/// </summary>
internal static class PostmortemRun
{
    public const int UpdateEvery = 100;

    public static async Task<PostmortemResults> RunAsync(Settings settings, Action<string> say, CancellationToken cancellationToken)
    {
        var data = settings.NewDirectory("postmortem");
        await using var server = await ServerProcess.StartAsync(settings.Cli, data, null, settings.Token, Path.Combine(settings.Work, "postmortem.log"), cancellationToken);
        using var api = new FirebreakApi(server.BaseAddress, settings.Token);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);

        var id = await api.DeclareAsync("Benchmark: the postmortem of a long incident", "SEV-2", ["checkout"], cancellationToken);
        var key = id.ToString(CultureInfo.InvariantCulture);
        var entries = await api.VersionAsync(id, cancellationToken);
        var started = Stopwatch.StartNew();
        while (entries < settings.TimelineItems - 1)
        {
            if (entries % UpdateEvery == 0)
            {
                // An update may record more than itself (a guardrail's nudge): read where the timeline is.
                await api.PostPublicUpdateAsync(id, $"Update {entries}: we are still working on checkout errors.", "investigating", cancellationToken);
                entries = await api.VersionAsync(id, cancellationToken);
            }
            else
            {
                await api.AppendAsync(id, FirebreakApi.NoteText(entries), cancellationToken);
                entries++;
            }
        }

        await SendAsync(http, $"api/v1/incidents/{key}/status", """{"status":"resolved","override":"The benchmark resolves it by hand"}""", HttpStatusCode.OK, cancellationToken);
        entries = await api.VersionAsync(id, cancellationToken);
        say($"postmortem: an incident with {entries:N0} timeline entries, seeded in {started.Elapsed.TotalSeconds:0.0} s");

        var create = Stopwatch.StartNew();
        var opened = await SendAsync(http, $"api/v1/incidents/{key}/postmortem", null, HttpStatusCode.Created, cancellationToken);
        var createMs = create.Elapsed.TotalMilliseconds;
        using (var json = JsonDocument.Parse(opened))
        {
            var timeline = json.RootElement.GetProperty("timeline").GetArrayLength();
            if (timeline < entries - 5)
            {
                throw new InvalidOperationException($"The postmortem's timeline lists {timeline} entries of {entries}.");
            }
        }

        var readBytes = 0L;
        var read = await Load.SequentialAsync(settings.ReadWarmups, settings.ReadWarmupTime, settings.Reads, async ct => readBytes = (await api.GetAsync($"api/v1/incidents/{key}/postmortem", ct)).Length, cancellationToken);
        var export = await Load.SequentialAsync(settings.ReadWarmups, settings.ReadWarmupTime, settings.Reads, async ct => await api.GetAsync($"api/v1/incidents/{key}/postmortem/export", ct), cancellationToken);
        say($"postmortem: opened (the draft from {entries:N0} events) in {createMs:0} ms; read p50 {read.MedianMs:0.0} ms, p99 {read.P99Ms:0.0} ms ({readBytes / 1024.0:0} KB); export p50 {export.MedianMs:0.0} ms, p99 {export.P99Ms:0.0} ms");
        await server.StopAsync();
        return new PostmortemResults(entries, createMs, read, export, readBytes);
    }

    private static async Task<byte[]> SendAsync(HttpClient http, string path, string? json, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.StatusCode == expected
            ? body
            : throw new InvalidOperationException($"POST /{path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
    }
}

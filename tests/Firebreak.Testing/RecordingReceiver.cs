using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Firebreak.Testing;

/// <summary>One request a <see cref="RecordingReceiver"/> got: when, where, its headers and body, and what it answered.</summary>
public sealed record ReceivedRequest(DateTimeOffset At, string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Answered)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>How the receiver answers one request: a status, optional headers and body, optionally after a wait (or never: <see cref="Hang"/>).</summary>
public sealed record ReceiverAnswer(int Status = 200, string Body = "ok", IReadOnlyDictionary<string, string>? Headers = null, TimeSpan? Delay = null, bool Hang = false, long PadTo = 0)
{
    public static readonly ReceiverAnswer Ok = new();
}

/// <summary>
/// A real HTTP receiver on a loopback port the OS picks, standing in for Slack, Teams, a webhook
/// consumer: it records every request and answers as the test says (<see cref="Answer"/>), so tests
/// see exactly what Firebreak sent. <see cref="Strict"/> mode refuses and remembers any request whose
/// id (<see cref="IdOf"/>) it was not told to expect or already took: <see cref="AssertExactly"/> fails on strays,
/// duplicates and misses.
/// </summary>
public sealed class RecordingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly HashSet<string> _expected = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    private RecordingReceiver(WebApplication app) => _app = app;

    /// <summary>Decides each answer; the default says 200 "ok".</summary>
    public Func<ReceivedRequest, ReceiverAnswer> Answer { get; set; } = _ => ReceiverAnswer.Ok;

    /// <summary>What identifies a message for de-duplication (the default: the webhook-id header).</summary>
    public Func<ReceivedRequest, string?> IdOf { get; set; } = r => r.Header("webhook-id");

    public bool Strict { get; private set; }

    public string Url { get; private set; } = string.Empty;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>The requests answered with a 2xx, in the order they arrived.</summary>
    public IReadOnlyList<ReceivedRequest> Accepted => [.. _requests.Where(r => r.Answered is >= 200 and < 300)];

    /// <summary>Starts a receiver; with a <paramref name="certificate"/> it speaks HTTPS with it.</summary>
    public static async Task<RecordingReceiver> StartAsync(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(certificate is null ? "http://127.0.0.1:0" : "https://127.0.0.1:0");
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            if (certificate is not null)
            {
                k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            }
        });
        var app = builder.Build();
        var receiver = new RecordingReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Urls.Single().TrimEnd('/');
        return receiver;
    }

    /// <summary>From now on, only these ids are welcome, each once.</summary>
    public void Expect(IEnumerable<string> ids)
    {
        lock (_expected)
        {
            Strict = true;
            _expected.UnionWith(ids);
        }
    }

    /// <summary>Fails unless every expected id was taken exactly once and nothing else arrived.</summary>
    public void AssertExactly()
    {
        var problems = _violations.ToList();
        lock (_expected)
        {
            problems.AddRange(_expected.Where(id => !_accepted.ContainsKey(id)).Select(id => $"never received {id}"));
        }

        if (problems.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("The strict receiver saw:\n" + string.Join('\n', problems));
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var request = new ReceivedRequest(TimeProvider.System.GetUtcNow(), http.Request.Method, http.Request.Path + http.Request.QueryString, headers, body.ToArray(), 0);
        var answer = Answer(request);
        if (Strict && answer.Status is >= 200 and < 300)
        {
            var id = IdOf(request);
            bool welcome;
            lock (_expected)
            {
                welcome = id is not null && _expected.Contains(id);
            }

            if (!welcome)
            {
                _violations.Enqueue($"a message it did not expect: {id ?? "(no id)"} {request.Text}");
                answer = new ReceiverAnswer(400, "unexpected");
            }
            else if (_accepted.AddOrUpdate(id!, 1, (_, n) => n + 1) > 1)
            {
                _violations.Enqueue($"a duplicate of {id}");
            }
        }

        _requests.Enqueue(request with { Answered = answer.Status });
        if (answer.Hang)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (answer.Delay is { } delay)
        {
            await Task.Delay(delay, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        http.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[name] = value;
        }

        if (answer.PadTo > 0)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (long sent = 0; sent < answer.PadTo && !http.RequestAborted.IsCancellationRequested; sent += chunk.Length)
            {
                try
                {
                    await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    return;
                }
            }

            return;
        }

        await http.Response.WriteAsync(answer.Body, http.RequestAborted);
    }

    /// <summary>A loopback address where nothing listens: a connection there is refused.</summary>
    public static string RefusingUrl()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        var port = ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return $"http://127.0.0.1:{port}";
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

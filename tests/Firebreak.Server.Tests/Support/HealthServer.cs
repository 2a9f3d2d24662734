using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Firebreak.Server.Tests.Support;

/// <summary>
/// A real HTTP service for verification tests: GET /health answers 200 "ok" or 503 "unhealthy" as
/// the test sets <see cref="Healthy"/>, on a loopback port the OS picks.
/// </summary>
public sealed class HealthServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile bool _healthy = true;
    private int _requests;

    private HealthServer(WebApplication app) => _app = app;

    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    /// <summary>How many times /health has been asked.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public string Url { get; private set; } = string.Empty;

    public static async Task<HealthServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new HealthServer(app);
        app.MapGet("/health", () =>
        {
            Interlocked.Increment(ref server._requests);
            return server.Healthy ? Results.Text("ok") : Results.Text("unhealthy", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        await app.StartAsync();
        server.Url = app.Urls.Single().TrimEnd('/') + "/health";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Firebreak.Testing;

/// <summary>
/// A service's health endpoint for verification tests: GET /health answers 200 "ok" or 503
/// "unhealthy" as the test sets <see cref="Healthy"/>, on a loopback port the OS picks.
/// </summary>
public sealed class HealthEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile bool _healthy;
    private int _requests;

    private HealthEndpoint(WebApplication app, bool healthy)
    {
        _app = app;
        _healthy = healthy;
    }

    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    /// <summary>How many times /health has been asked so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public string Url { get; private set; } = string.Empty;

    public static async Task<HealthEndpoint> StartAsync(bool healthy = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var endpoint = new HealthEndpoint(app, healthy);
        app.MapGet("/health", () =>
        {
            Interlocked.Increment(ref endpoint._requests);
            return endpoint.Healthy ? Results.Text("ok") : Results.Text("unhealthy", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        await app.StartAsync();
        endpoint.Url = app.Urls.Single().TrimEnd('/') + "/health";
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

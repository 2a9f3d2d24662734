namespace Firebreak.Bench;

internal sealed record StartupResults(IReadOnlyList<TimeSpan> StartToHealthy, IReadOnlyList<long> IdleResident);

/// <summary>Cold starts of `firebreak serve` on SQLite, each on a fresh data folder: time to the first 200 from /healthz, and resident memory once idle.</summary>
internal static class StartupRun
{
    public static async Task<StartupResults> RunAsync(Settings settings, Action<string> say, CancellationToken cancellationToken)
    {
        var times = new List<TimeSpan>();
        var resident = new List<long>();
        for (var i = 1; i <= settings.Starts; i++)
        {
            var data = settings.NewDirectory($"start-{i}");
            await using var server = await ServerProcess.StartAsync(settings.Cli, data, null, settings.Token, Path.Combine(settings.Work, $"start-{i}.log"), cancellationToken);
            times.Add(server.StartToHealthy);
            await Task.Delay(settings.Idle, cancellationToken);
            resident.Add(server.ResidentBytes());
            say($"start {i}: /healthz 200 after {server.StartToHealthy.TotalMilliseconds:0} ms; VmRSS after {settings.Idle.TotalSeconds:0} s idle: {resident[^1] / 1e6:0.0} MB");
            await server.StopAsync();
        }

        return new StartupResults(times, resident);
    }
}

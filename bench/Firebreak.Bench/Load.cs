using System.Diagnostics;

namespace Firebreak.Bench;

/// <summary>Latency figures of one series, in milliseconds.</summary>
internal sealed record Summary(int Count, double MedianMs, double P95Ms, double P99Ms, double MinMs, double MaxMs)
{
    public static Summary Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return new Summary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = milliseconds.Order().ToArray();
        return new Summary(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted[0], sorted[^1]);
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(double[] sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>The outcome of a load run: operations completed in the measured window, their rate and latency.</summary>
internal sealed record LoadResult(int Concurrency, double Seconds, Summary Latency, int Errors, string? FirstError)
{
    public int Count => Latency.Count;

    public double PerSecond => Seconds > 0 ? Count / Seconds : 0;
}

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers, each issuing its next operation as soon as the
/// previous one finished. Every loop is bounded, by time or by count.
/// </summary>
internal static class Load
{
    /// <summary>
    /// Runs for <paramref name="warmup"/> and then <paramref name="duration"/>; only operations that
    /// complete inside the measured window count. No worker starts an operation after the window.
    /// </summary>
    /// <param name="operation">(worker index, global sequence number from 1, cancellation); throws on failure.</param>
    public static async Task<LoadResult> ForDurationAsync(
        int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, long, CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var from = start + Ticks(warmup);
        var to = from + Ticks(duration);
        var latencies = new List<double>[concurrency];
        var errors = 0;
        string? firstError = null;
        long sequence = 0;

        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(
            async () =>
            {
                var mine = latencies[worker] = [];
                while (Stopwatch.GetTimestamp() < to)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var n = Interlocked.Increment(ref sequence);
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        await operation(worker, n, cancellationToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, e.Message, null);
                        await Task.Delay(10, cancellationToken);
                        continue;
                    }

                    var t1 = Stopwatch.GetTimestamp();
                    if (t1 >= from && t1 <= to)
                    {
                        mine.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                    }
                }
            },
            cancellationToken)).ToArray();
        await Task.WhenAll(workers);

        return new LoadResult(concurrency, duration.TotalSeconds, Summary.Of(latencies.SelectMany(l => l).ToList()), errors, firstError);
    }

    /// <summary>
    /// Runs exactly <paramref name="count"/> operations (sequence numbers 1…count) across the
    /// workers; the rate is over the whole run. Throws if any fails or the run exceeds <paramref name="limit"/>.
    /// </summary>
    public static async Task<LoadResult> ForCountAsync(
        int concurrency, int count, TimeSpan limit, Func<int, long, CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        var latencies = new List<double>[concurrency];
        long sequence = 0;
        var start = Stopwatch.GetTimestamp();

        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(
            async () =>
            {
                var mine = latencies[worker] = [];
                long n;
                while ((n = Interlocked.Increment(ref sequence)) <= count)
                {
                    bounded.Token.ThrowIfCancellationRequested();
                    var t0 = Stopwatch.GetTimestamp();
                    await operation(worker, n, bounded.Token);
                    mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
            },
            bounded.Token)).ToArray();
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{count} operations did not finish within {limit.TotalSeconds:0} s.");
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new LoadResult(concurrency, seconds, Summary.Of(latencies.SelectMany(l => l).ToList()), 0, null);
    }

    /// <summary>
    /// Runs an operation untimed at least <paramref name="warmups"/> times and for at least
    /// <paramref name="warmupTime"/> (never more than 200 times), then <paramref name="count"/> times timed, one after another.
    /// </summary>
    public static async Task<Summary> SequentialAsync(int warmups, TimeSpan warmupTime, int count, Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        await WarmUpAsync(warmups, warmupTime, operation, cancellationToken);

        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await operation(cancellationToken);
            samples.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }

        return Summary.Of(samples);
    }

    /// <summary>Untimed runs: at least <paramref name="times"/>, and until <paramref name="time"/> has passed, at most 200.</summary>
    public static async Task WarmUpAsync(int times, TimeSpan time, Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < 200 && (i < times || Stopwatch.GetElapsedTime(start) < time); i++)
        {
            await operation(cancellationToken);
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

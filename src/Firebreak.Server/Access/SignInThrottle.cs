using System.Collections.Concurrent;

namespace Firebreak.Server.Access;

/// <summary>
/// Slows password guessing: after a few failed sign-ins in a row, for an account or from a client
/// address, each further attempt must wait, and the wait doubles with each failure (up to
/// <see cref="MaxDelay"/>). Waiting attempts are refused before any password is checked, so they
/// cost the server nothing. A success clears the account's count; an address's count fades after
/// <see cref="Memory"/> without failures, so one good account cannot be used to reset it.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    /// <summary>Failures in a row an account may have before attempts must wait.</summary>
    public const int FreeAccountFailures = 5;

    /// <summary>Failures from one address (several people may share one) before attempts must wait.</summary>
    public const int FreeAddressFailures = 20;

    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(30);
    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, Record> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Record> _addresses = new(StringComparer.Ordinal);

    /// <summary>How long the attempt must still wait; null when it may go ahead.</summary>
    public TimeSpan? Wait(string account, string? address)
    {
        var now = clock.GetUtcNow();
        var wait = Max(Remaining(_accounts, account, now), address is null ? null : Remaining(_addresses, address, now));
        return wait;
    }

    /// <summary>Counts a failure; the wait it imposes on the next attempt, or null while failures are still free.</summary>
    public TimeSpan? Failed(string account, string? address)
    {
        var now = clock.GetUtcNow();
        var byAccount = Count(_accounts, account, FreeAccountFailures, now);
        var byAddress = address is null ? null : Count(_addresses, address, FreeAddressFailures, now);
        return Max(byAccount, byAddress);
    }

    public void Succeeded(string account) => _accounts.TryRemove(account, out _);

    private TimeSpan? Count(ConcurrentDictionary<string, Record> records, string key, int free, DateTimeOffset now)
    {
        if (records.Count >= MaxEntries)
        {
            Prune(records, now);
        }

        var record = records.AddOrUpdate(
            key,
            _ => Next(new Record(0, now, now), free, now),
            (_, old) => Next(now - old.LastFailure > Memory ? new Record(0, now, now) : old, free, now));
        return record.Failures > free ? record.BlockedUntil - now : null;
    }

    private static Record Next(Record old, int free, DateTimeOffset now)
    {
        var failures = old.Failures + 1;
        if (failures <= free)
        {
            return new Record(failures, now, now);
        }

        var doublings = Math.Min(failures - free - 1, 20);
        var delay = TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks << doublings, MaxDelay.Ticks));
        return new Record(failures, now, now + delay);
    }

    private static TimeSpan? Remaining(ConcurrentDictionary<string, Record> records, string key, DateTimeOffset now) =>
        records.TryGetValue(key, out var record) && record.BlockedUntil > now ? record.BlockedUntil - now : null;

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>Drops what no longer matters; if guessing from very many addresses still fills it, starts afresh.</summary>
    private static void Prune(ConcurrentDictionary<string, Record> records, DateTimeOffset now)
    {
        foreach (var (key, record) in records)
        {
            if (now - record.LastFailure > Memory && record.BlockedUntil <= now)
            {
                records.TryRemove(key, out _);
            }
        }

        if (records.Count >= MaxEntries)
        {
            records.Clear();
        }
    }

    private sealed record Record(int Failures, DateTimeOffset LastFailure, DateTimeOffset BlockedUntil);
}

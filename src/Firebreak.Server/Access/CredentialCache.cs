using System.Collections.Concurrent;

namespace Firebreak.Server.Access;

/// <summary>
/// Remembers what a credential (an API token, a session's secret) stands for, by its digest, for a
/// second, so a busy client does not cost a query per request. A revocation, a sign-out, a disabled
/// account or a role change on this node drops the entries at once; on another node sharing the
/// database an entry ages out within <see cref="Lifetime"/>. Unknown credentials are never cached,
/// so guessing cannot fill it.
/// </summary>
public sealed class CredentialCache<T>(Func<T, long> userOf)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (T Value, long Until)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string digest, out T value)
    {
        if (_entries.TryGetValue(digest, out var entry) && Environment.TickCount64 < entry.Until)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Add(string digest, T value)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[digest] = (value, Environment.TickCount64 + (long)Lifetime.TotalMilliseconds);
    }

    public void Forget(string digest) => _entries.TryRemove(digest, out _);

    /// <summary>Forgets every cached credential of the account.</summary>
    public void Forget(long userId)
    {
        foreach (var (digest, entry) in _entries)
        {
            if (userOf(entry.Value) == userId)
            {
                _entries.TryRemove(digest, out _);
            }
        }
    }
}

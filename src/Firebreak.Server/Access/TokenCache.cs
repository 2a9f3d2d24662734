using System.Collections.Concurrent;
using Firebreak.Storage.Access;

namespace Firebreak.Server.Access;

/// <summary>
/// Remembers a token's account for a second, so a busy client does not cost a query per request. A
/// revocation, a disabled account or a role change on this node drops the account's entries at once;
/// on another node sharing the database the entry ages out within <see cref="Lifetime"/>. Unknown
/// tokens are never cached, so guessing cannot fill it.
/// </summary>
public sealed class TokenCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (User User, long Until)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string tokenHash, out User user)
    {
        if (_entries.TryGetValue(tokenHash, out var entry) && Environment.TickCount64 < entry.Until)
        {
            user = entry.User;
            return true;
        }

        user = null!;
        return false;
    }

    public void Add(string tokenHash, User user)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[tokenHash] = (user, Environment.TickCount64 + (long)Lifetime.TotalMilliseconds);
    }

    /// <summary>Forgets every cached token of the account.</summary>
    public void Forget(long userId)
    {
        foreach (var (hash, entry) in _entries)
        {
            if (entry.User.Id == userId)
            {
                _entries.TryRemove(hash, out _);
            }
        }
    }
}

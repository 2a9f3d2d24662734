using Firebreak.Core.Alerts;
using Firebreak.Server.Configuration;
using Firebreak.Storage.Alerts;

namespace Firebreak.Server.Alerts;

/// <summary>
/// Every integration a sender may present a key of: firebreak.yaml's, and those made through the API or
/// the web, read from their streams and kept in memory. The stored ones are read again at most every few
/// seconds (at once after a change made on this node; an unknown key asks again at most once a second),
/// so intake never reads the database for a known key.
/// </summary>
public sealed class IntegrationRegistry(FirebreakConfig config, AlertStore store, Probes.ProbeIntegrations probes)
{
    private static readonly long FreshFor = 5_000;
    private static readonly long RetryUnknownAfter = 1_000;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private IReadOnlyList<AlertIntegration> _stored = [];
    private IReadOnlyList<IntegrationState> _states = [];
    private long _loadedAt = long.MinValue;

    public IReadOnlyList<AlertIntegration> Configured => config.Alerts.Integrations;

    /// <summary>The integration of <paramref name="source"/> whose key was presented, or null.</summary>
    public async ValueTask<AlertIntegration?> FindAsync(string source, string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var digest = AlertIntegration.Digest(key);
        if (Configured.FirstOrDefault(i => i.Source == source && i.Accepts(digest)) is { } configured)
        {
            return configured;
        }

        await EnsureFreshAsync(FreshFor, cancellationToken);
        if (_stored.FirstOrDefault(i => i.Source == source && i.Accepts(digest)) is { } stored)
        {
            return stored;
        }

        await EnsureFreshAsync(RetryUnknownAfter, cancellationToken);
        return _stored.FirstOrDefault(i => i.Source == source && i.Accepts(digest));
    }

    public async ValueTask<AlertIntegration?> NamedAsync(string name, CancellationToken cancellationToken)
    {
        if ((Configured.FirstOrDefault(i => i.Name == name) ?? probes.Named(name)) is { } configured)
        {
            return configured;
        }

        await EnsureFreshAsync(FreshFor, cancellationToken);
        return _stored.FirstOrDefault(i => i.Name == name);
    }

    /// <summary>The stored integrations' states (removed ones left out), as last read.</summary>
    public async Task<IReadOnlyList<IntegrationState>> StoredAsync(CancellationToken cancellationToken)
    {
        await EnsureFreshAsync(0, cancellationToken);
        return _states;
    }

    /// <summary>Reads the stored integrations again now (after a change made on this node).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => EnsureFreshAsync(0, cancellationToken);

    private async Task EnsureFreshAsync(long maxAgeMs, CancellationToken cancellationToken)
    {
        if (Environment.TickCount64 - Volatile.Read(ref _loadedAt) < maxAgeMs && maxAgeMs > 0)
        {
            return;
        }

        var asked = Environment.TickCount64;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _loadedAt) >= asked && maxAgeMs > 0)
            {
                return;   // another caller read them while this one waited
            }

            var states = (await store.Integrations.ListAsync(cancellationToken)).Where(s => !s.Removed).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            _stored = [.. states.Select(s => new AlertIntegration(s.Name, s.Source, Convert.FromHexString(s.KeyDigest), s.Settings.Policy(), FromConfig: false, s.Settings.Mapping))];
            _states = states;
            Volatile.Write(ref _loadedAt, Environment.TickCount64);
        }
        finally
        {
            _loading.Release();
        }
    }
}

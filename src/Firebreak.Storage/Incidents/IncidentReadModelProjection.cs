using Firebreak.Core.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Incidents;

/// <summary>
/// The incident list's read model: the incidents row (list columns and the state snapshot), the
/// services an incident names and its members, written in the append's transaction.
/// </summary>
public sealed class IncidentReadModelProjection : IProjection
{
    public bool Handles(string streamType) => streamType == IncidentStore.StreamType;

    public Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken) =>
        WriteAsync(scope, append.Before as IncidentState, (IncidentState)append.After!, cancellationToken);

    /// <summary>Writes the row for <paramref name="state"/>; only the services and members new since <paramref name="before"/> are inserted.</summary>
    internal static async Task WriteAsync(WriteScope scope, IncidentState? before, IncidentState state, CancellationToken cancellationToken)
    {
        await using (var update = scope.Command(
                         "UPDATE incidents SET version = @version, title = @title, severity = @severity, status = @status, active = @active, " +
                         "private = @private, commander = @commander, started_at = @started, declared_at = @declared, updated_at = @updated, " +
                         "search_text = @search, state = @state WHERE id = @id",
                         ("id", state.Id),
                         ("version", state.Version),
                         ("title", state.Title),
                         ("severity", state.Severity),
                         ("status", WireNames.Of(state.Status)),
                         ("active", Lifecycle.IsActive(state.Status) ? 1 : 0),
                         ("private", state.Private ? 1 : 0),
                         ("commander", state.Commander),
                         ("started", Sql.ToText(state.StartedAt)),
                         ("declared", Sql.ToText(state.DeclaredAt)),
                         ("updated", Sql.ToText(state.UpdatedAt)),
                         ("search", SearchText(state)),
                         ("state", StorageJson.SerializeState(state))))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var services = state.Services.Select(s => s.ToLowerInvariant()).Distinct().Except(before?.Services.Select(s => s.ToLowerInvariant()) ?? []);
        foreach (var service in services)
        {
            await using var insert = scope.Command(
                "INSERT INTO incident_services (incident_id, service) VALUES (@id, @service) ON CONFLICT (incident_id, service) DO NOTHING",
                ("id", state.Id),
                ("service", service));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var member in state.Members.Except(before?.Members ?? []))
        {
            await using var insert = scope.Command(
                "INSERT INTO incident_members (incident_id, username) VALUES (@id, @member) ON CONFLICT (incident_id, username) DO NOTHING",
                ("id", state.Id),
                ("member", member));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string SearchText(IncidentState state) =>
        string.Join('\n', new[] { state.Key, state.Title, state.Summary, state.Impact }.Concat(state.Services).Where(s => s is not null))
            .ToLowerInvariant();
}

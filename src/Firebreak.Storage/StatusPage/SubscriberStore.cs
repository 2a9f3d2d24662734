using System.Data.Common;
using System.Text.Json;
using Firebreak.Storage.Notifications;

namespace Firebreak.Storage.StatusPage;

/// <summary>One subscriber of the status page: an email address or a webhook, for every component (null) or some.</summary>
public sealed record Subscriber(
    long Id,
    string Kind,
    string Address,
    IReadOnlyList<string>? Components,
    string Token,
    string? Secret,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset CreatedAt)
{
    public const string Email = "email";
    public const string Webhook = "webhook";

    public bool Confirmed => ConfirmedAt is not null;

    /// <summary>Whether news about <paramref name="components"/> is for this subscriber (every component, or one of theirs; news naming none goes to all).</summary>
    public bool Wants(IReadOnlyCollection<string> components) =>
        Components is null || components.Count == 0 || components.Any(c => Components.Contains(c, StringComparer.Ordinal));
}

/// <summary>
/// The subscribers table. A sign-up and its confirmation message are written in one transaction, as
/// is an event and the messages it fans out to subscribers (through <see cref="ConfirmedAsync"/>
/// inside the append), so nothing is sent that was not stored, nor stored without being sent.
/// </summary>
public sealed class SubscriberStore(Database database)
{
    private const string Columns = "id, kind, address, components, token, secret, confirmed_at, created_at";

    /// <summary>
    /// Adds a subscriber (or finds the one with that address) and queues <paramref name="message"/> for
    /// it in the same transaction; the message is made from the stored subscriber.
    /// </summary>
    public async Task<(Subscriber Subscriber, bool Created)> AddAsync(
        string kind, string address, IReadOnlyList<string>? components, string token, string? secret, bool confirmed, string? client, DateTimeOffset at,
        Func<Subscriber, OutboxMessage?> message, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var existing = await FindAsync(scope.Connection, scope.Transaction, "kind = @kind AND address = @address", cancellationToken, ("kind", kind), ("address", address));
        var created = existing is null;
        if (existing is null)
        {
            await using var insert = scope.Command(
                "INSERT INTO subscribers (kind, address, components, token, secret, confirmed_at, created_at, client) VALUES (@kind, @address, @components, @token, @secret, @confirmed, @at, @client) RETURNING id",
                ("kind", kind),
                ("address", address),
                ("components", components is null ? null : JsonSerializer.Serialize(components, StatusPageJson.Default.IReadOnlyListString)),
                ("token", token),
                ("secret", secret),
                ("confirmed", confirmed ? Sql.ToText(at) : null),
                ("at", Sql.ToText(at)),
                ("client", client));
            var id = await insert.ScalarInt64Async(cancellationToken);
            existing = new Subscriber(id, kind, address, components, token, secret, confirmed ? at : null, at);
        }

        if (message(existing) is { } queued)
        {
            await OutboxStore.EnqueueAsync(scope, [queued], cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        return (existing, created);
    }

    public async Task<Subscriber?> ByTokenAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, "token = @token", cancellationToken, ("token", token));
    }

    public async Task<Subscriber?> ByIdAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, "id = @id", cancellationToken, ("id", id));
    }

    public async Task<bool> ConfirmAsync(string token, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE subscribers SET confirmed_at = COALESCE(confirmed_at, @at) WHERE token = @token", cancellationToken, ("at", Sql.ToText(at)), ("token", token)) > 0;

    public async Task<bool> SetComponentsAsync(string token, IReadOnlyList<string>? components, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE subscribers SET components = @components WHERE token = @token",
            cancellationToken,
            ("components", components is null ? null : JsonSerializer.Serialize(components, StatusPageJson.Default.IReadOnlyListString)),
            ("token", token)) > 0;

    /// <summary>Unsubscribing erases the subscriber: nothing about them is kept.</summary>
    public async Task<bool> RemoveByTokenAsync(string token, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM subscribers WHERE token = @token", cancellationToken, ("token", token)) > 0;

    public async Task<bool> RemoveAsync(long id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM subscribers WHERE id = @id", cancellationToken, ("id", id)) > 0;

    /// <summary>Every subscriber, oldest first (the admin's list and export).</summary>
    public async Task<IReadOnlyList<Subscriber>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, $"SELECT {Columns} FROM subscribers ORDER BY id", cancellationToken);
    }

    /// <summary>The confirmed subscribers, read inside an append's transaction (the fan-out).</summary>
    public static Task<IReadOnlyList<Subscriber>> ConfirmedAsync(WriteScope scope, CancellationToken cancellationToken) =>
        ReadAsync(scope.Connection, scope.Transaction, $"SELECT {Columns} FROM subscribers WHERE confirmed_at IS NOT NULL ORDER BY id", cancellationToken);

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        await using var command = scope.Command(sql, parameters);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return changed;
    }

    private static async Task<Subscriber?> FindAsync(DbConnection connection, DbTransaction? transaction, string where, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        (await ReadAsync(connection, transaction, $"SELECT {Columns} FROM subscribers WHERE {where}", cancellationToken, parameters)).FirstOrDefault();

    private static async Task<IReadOnlyList<Subscriber>> ReadAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var select = connection.Command(sql, transaction, parameters);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var list = new List<Subscriber>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Subscriber(
                reader.Int64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : JsonSerializer.Deserialize(reader.GetString(3), StatusPageJson.Default.IReadOnlyListString),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : Sql.ToInstant(reader.GetString(6)),
                Sql.ToInstant(reader.GetString(7))));
        }

        return list;
    }
}

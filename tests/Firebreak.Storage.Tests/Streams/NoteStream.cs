using System.Text.Json.Nodes;
using Firebreak.Core.Common;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Tests.Streams;

/// <summary>A second stream type for the contract: notes, stateless, one event shape.</summary>
public sealed record NoteAdded(string Text) : IEvent;

public sealed class NoteCodec : IEventCodec
{
    public const string Type = "note";

    public string StreamType => Type;

    public string NameOf(IEvent e) => "note.added.v1";

    public string Encode(IEvent e) => new JsonObject { ["text"] = ((NoteAdded)e).Text }.ToJsonString();

    public IEvent Decode(string name, string data) => new NoteAdded(JsonNode.Parse(data)!["text"]!.GetValue<string>());
}

/// <summary>Counts what it sees per stream in a table of its own, or throws when told to.</summary>
public sealed class NoteCountProjection : IProjection
{
    public string? ThrowOn { get; set; }

    public bool Handles(string streamType) => streamType == NoteCodec.Type;

    public async Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        if (append.Payloads.OfType<NoteAdded>().Any(n => n.Text == ThrowOn))
        {
            throw new InvalidOperationException("The projection failed.");
        }

        await using var upsert = scope.Command(
            "INSERT INTO snapshot_versions (name, version) VALUES (@name, @count) ON CONFLICT (name) DO UPDATE SET version = snapshot_versions.version + @count",
            ("name", "notes:" + append.Stream.Id),
            ("count", (long)append.Events.Count));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> CountAsync(Database database, string stream)
    {
        await using var connection = await database.OpenAsync(default);
        await using var select = connection.Command("SELECT COALESCE(MAX(version), 0) FROM snapshot_versions WHERE name = @name", null, ("name", "notes:" + stream));
        return await select.ScalarInt64Async(default);
    }
}

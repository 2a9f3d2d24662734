using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>Writing timeline entries, reading the timeline in pages, and pinning key entries.</summary>
public sealed class TimelineTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();
    private readonly HttpClient _admin;

    public TimelineTests()
    {
        _admin = _factory.Admin();
    }

    public static TheoryData<string> EntryKinds => ["note", "symptom", "hypothesis", "action", "result", "decision", "command"];

    [Theory]
    [MemberData(nameof(EntryKinds))]
    public async Task AddEntry_OfEachKind_Is201WithLocationETagAndTheEntry(string kind)
    {
        using var alice = await _factory.UserAsync("alice");
        var id = await _admin.DeclareIdAsync();

        var response = await alice.PostAsJsonAsync(IncidentApi.Url(id, "timeline"), new { kind = kind.ToUpperInvariant(), text = $"  A {kind} entry\nwith two lines  " });

        var entry = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(3, entry.Long("version"));
        Assert.Equal("incident.entry-added.v1", entry.Str("type"));
        Assert.Equal(kind, entry.Str("kind"));
        Assert.Equal($"A {kind} entry\nwith two lines", entry.Str("text"));
        Assert.Equal("alice", entry.Str("actor"));
        Assert.False(entry.GetProperty("pinned").GetBoolean());
        Assert.Equal("\"3\"", response.Headers.ETag?.Tag);

        var location = response.Headers.Location?.OriginalString;
        Assert.Equal($"/api/v1/incidents/{id}/timeline?after=2&limit=1", location);
        var located = await HttpAssert.JsonAsync(await _admin.GetAsync(location));
        // Only the answer to adding an entry carries the guardrail warnings it raised: none for these texts.
        Assert.Equal(0, entry.GetProperty("findings").GetArrayLength());
        Assert.Equal(entry.Without("findings"), located.Items().Single().Normalized());
        Assert.False(located.Items().Single().TryGetProperty("findings", out _));
        Assert.Equal(3, (await _admin.GetIncidentAsync(id)).Long("version"));
    }

    [Fact]
    public async Task Timeline_ShowsEntriesAndChangesInOrder()
    {
        var id = await _admin.DeclareIdAsync();
        foreach (var kind in new[] { "symptom", "hypothesis", "action", "result", "decision", "command", "note" })
        {
            await _admin.AddEntryAsync(id, kind, $"{kind} text");
        }

        await _admin.ChangeStatusAsync(id, "identified", "Bad config push");

        var items = (await _admin.TimelineAsync(id)).Items();
        Assert.Equal(Enumerable.Range(1, 10).Select(v => (long)v), items.Select(i => i.Long("version")));
        Assert.Equal(
            ["declared", "participation", "symptom", "hypothesis", "action", "result", "decision", "command", "note", "status"],
            items.Select(i => i.Str("kind")));
        Assert.Equal("Status investigating → identified: Bad config push", items[^1].Str("text"));
        Assert.Equal("incident.status-changed.v1", items[^1].Str("type"));
    }

    [Fact]
    public async Task Timeline_PagesWithAfterAndLimit_UntilNextAfterIsNull()
    {
        var id = await _admin.DeclareIdAsync();
        for (var i = 1; i <= 10; i++)
        {
            await _admin.AddEntryAsync(id, "note", $"entry {i}");
        }

        // 12 items: declared, joined, 10 notes.
        var first = await _admin.TimelineAsync(id, "?limit=5");
        Assert.Equal([1L, 2L, 3L, 4L, 5L], first.Items().Select(i => i.Long("version")));
        Assert.Equal(5, first.Long("nextAfter"));

        var second = await _admin.TimelineAsync(id, "?after=5&limit=5");
        Assert.Equal([6L, 7L, 8L, 9L, 10L], second.Items().Select(i => i.Long("version")));
        Assert.Equal(10, second.Long("nextAfter"));

        var last = await _admin.TimelineAsync(id, "?after=10&limit=5");
        Assert.Equal([11L, 12L], last.Items().Select(i => i.Long("version")));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("nextAfter").ValueKind);

        var exact = await _admin.TimelineAsync(id, "?after=8&limit=4");
        Assert.Equal([9L, 10L, 11L, 12L], exact.Items().Select(i => i.Long("version")));
        Assert.Equal(JsonValueKind.Null, exact.GetProperty("nextAfter").ValueKind);

        var beyond = await _admin.TimelineAsync(id, "?after=12");
        Assert.Empty(beyond.Items());
        Assert.Equal(JsonValueKind.Null, beyond.GetProperty("nextAfter").ValueKind);
    }

    [Fact]
    public async Task Timeline_FollowingNextAfter_VisitsEveryVersionOnce()
    {
        var id = await _admin.DeclareIdAsync();
        for (var i = 1; i <= 9; i++)
        {
            await _admin.AddEntryAsync(id, "note", $"entry {i}");
        }

        var versions = new List<long>();
        var query = "?limit=2";
        while (true)
        {
            var page = await _admin.TimelineAsync(id, query);
            versions.AddRange(page.Items().Select(i => i.Long("version")));
            if (page.GetProperty("nextAfter").ValueKind == JsonValueKind.Null)
            {
                break;
            }

            Assert.True(versions.Count <= 11, "The cursor does not end.");
            query = $"?limit=2&after={page.Long("nextAfter")}";
        }

        Assert.Equal(Enumerable.Range(1, 11).Select(v => (long)v), versions);
    }

    [Fact]
    public async Task Pin_ThenUnpin_AnEntry()
    {
        var id = await _admin.DeclareIdAsync();
        await _admin.AddEntryAsync(id, "symptom", "Checkout 502s");
        var entry = (await _admin.AddEntryAsync(id, "decision", "Roll back to v41")).Long("version");
        Assert.Equal(4, entry);

        var pinned = await _admin.CommandAsync(id, "pin", new { entry });
        Assert.Equal([entry], pinned.GetProperty("pinned").Longs());
        Assert.Equal(5, pinned.Long("version"));
        var timeline = (await _admin.TimelineAsync(id)).Items();
        Assert.True(timeline.Single(i => i.Long("version") == entry).GetProperty("pinned").GetBoolean());
        Assert.False(timeline.Single(i => i.Long("version") == 3).GetProperty("pinned").GetBoolean());
        Assert.Equal(("pin", $"Pinned entry {entry}"), (timeline[^1].Str("kind"), timeline[^1].Str("text")));

        var unpinned = await _admin.CommandAsync(id, "pin", new { entry, pinned = false });
        Assert.Empty(unpinned.GetProperty("pinned").EnumerateArray());
        timeline = (await _admin.TimelineAsync(id)).Items();
        Assert.False(timeline.Single(i => i.Long("version") == entry).GetProperty("pinned").GetBoolean());
        Assert.Equal($"Unpinned entry {entry}", timeline[^1].Str("text"));
    }

    [Fact]
    public async Task Pin_AnAlreadyPinnedEntry_ChangesNothing()
    {
        var id = await _admin.DeclareIdAsync();
        var entry = (await _admin.AddEntryAsync(id, "decision", "Roll back")).Long("version");
        var first = await _admin.CommandAsync(id, "pin", new { entry });

        var again = await _admin.CommandAsync(id, "pin", new { entry, pinned = true });

        Assert.Equal(first.Long("version"), again.Long("version"));
        Assert.Equal([entry], again.GetProperty("pinned").Longs());
    }

    [Fact]
    public async Task Pin_KeepsPinOrder()
    {
        var id = await _admin.DeclareIdAsync();
        var a = (await _admin.AddEntryAsync(id, "note", "a")).Long("version");
        var b = (await _admin.AddEntryAsync(id, "note", "b")).Long("version");
        await _admin.CommandAsync(id, "pin", new { entry = b });
        var both = await _admin.CommandAsync(id, "pin", new { entry = a });
        Assert.Equal([b, a], both.GetProperty("pinned").Longs());
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }
}

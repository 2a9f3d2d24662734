using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Postmortems;

/// <summary>The blame guardrail during the incident: a responder's entry naming a person as the cause is flagged with a rewording, in the answer and on the timeline.</summary>
public sealed class TimelineBlameTests : IAsyncDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task AnEntryBlamingAResponder_IsFlaggedWithASuggestion_ANeutralOneIsNot()
    {
        using var admin = _factory.Admin();
        using var bob = await _factory.UserAsync("bob");
        var id = (await admin.DeclareAsync(new { title = "Checkout 502s", severity = "SEV-2" })).Long("id");
        await HttpAssert.JsonAsync(await bob.PostAsJsonAsync($"/api/v1/incidents/{id}/join", new { }));

        var blaming = await admin.AddEntryAsync(id, "note", "bob broke checkout with the 14:00 deploy");
        var note = Assert.Single(blaming.GetProperty("blame").EnumerateArray());
        Assert.Equal("bob broke", note.Str("excerpt"));
        Assert.NotEmpty(note.Str("suggestion"));
        var neutral = await admin.AddEntryAsync(id, "note", "The 14:00 deploy raised the 5xx rate to 30 %");
        Assert.False(neutral.TryGetProperty("blame", out _));

        var timeline = (await admin.TimelineAsync(id)).GetProperty("items").EnumerateArray().ToList();
        Assert.True(timeline.Single(t => t.Long("version") == blaming.Long("version")).TryGetProperty("blame", out var listed));
        Assert.Equal(JsonValueKind.Array, listed.ValueKind);
        Assert.DoesNotContain(timeline.Where(t => t.Long("version") == neutral.Long("version")), t => t.TryGetProperty("blame", out _));
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}

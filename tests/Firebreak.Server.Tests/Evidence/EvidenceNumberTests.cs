using System.Net;
using System.Text.RegularExpressions;
using Firebreak.Server.Tests.Support;
using Firebreak.Storage;

namespace Firebreak.Server.Tests.Evidence;

/// <summary>
/// Evidence is numbered 1, 2, 3 … within its incident, in the API, the timeline, the room and its
/// downloads: the numbers a responder sees on their incidents tell nothing of evidence kept on
/// private incidents they cannot see.
/// </summary>
public abstract partial class EvidenceNumberTests : EngineTests
{
    [SkippableFact]
    public async Task Evidence_IsNumberedWithinItsIncident_SoAHiddenIncidentsEvidenceLeavesNoGap()
    {
        using var alice = await Factory.UserAsync("alice");
        using var bob = await Factory.UserAsync("bob");
        var open = await alice.DeclareIdAsync("Checkout returns 502");
        var hidden = await bob.DeclareIdAsync("Payroll export leaks salaries", isPrivate: true);

        var first = await alice.AttachAsync(open, new { kind = "text", name = "gateway.log", text = "502" });
        await bob.AttachAsync(hidden, new { kind = "text", name = "export.csv", text = "salaries" });
        await bob.AttachAsync(hidden, new { kind = "link", url = "https://files.example.com/export" });
        var second = await HttpAssert.JsonAsync(await alice.UploadAsync(open, [1, 2, 3], "?name=core.bin"), HttpStatusCode.Created);

        Assert.Equal((1L, 2L), (first.Long("id"), second.Long("id")));
        Assert.Equal($"/api/v1/incidents/{open}/evidence/2/content", second.Str("contentUrl"));
        Assert.Equal([1L, 2L], (await alice.EvidenceAsync(open)).EnumerateArray().Select(e => e.Long("id")));
        Assert.Equal([1L, 2L], (await bob.EvidenceAsync(hidden)).EnumerateArray().Select(e => e.Long("id")));
        Assert.Equal(
            ["Evidence #1 attached (text): gateway.log", "Evidence #2 attached (file): core.bin"],
            (await alice.OfTypeAsync(open, "incident.evidence-attached.v2")).Select(e => e.Str("text").Split(" sha256:")[0]));

        // Each number names that incident's item; a number the incident does not have is not found.
        Assert.Equal([1, 2, 3], await (await alice.GetAsync(second.Str("contentUrl"))).Content.ReadAsByteArrayAsync());
        Assert.Equal("salaries", await (await bob.GetAsync($"/api/v1/incidents/{hidden}/evidence/1/content")).Content.ReadAsStringAsync());
        await HttpAssert.ProblemAsync(await alice.GetAsync($"/api/v1/incidents/{open}/evidence/3/content"), HttpStatusCode.NotFound, $"INC-{open} has no evidence 3");
        await HttpAssert.ProblemAsync(await alice.GetAsync($"/api/v1/incidents/{hidden}/evidence/1/content"), HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Room_LinksAndDownloadsEvidenceByItsNumberWithinTheIncident()
    {
        using var alice = await Factory.UserAsync("alice");
        var other = await alice.DeclareIdAsync("Search is slow");
        await alice.AttachAsync(other, new { kind = "text", name = "slowlog.txt", text = "slow" });
        var id = await alice.DeclareIdAsync("Checkout returns 502");
        await alice.AttachAsync(id, new { kind = "text", name = "gateway.log", text = "502 Bad Gateway" });
        using var web = await WebSession.SignInAsync(Factory, "alice", FirebreakFactory.UserPassword);

        var room = await (await web.GetAsync($"/incidents/{id}")).Content.ReadAsStringAsync();
        var download = await web.GetAsync($"/ui/incidents/{id}/evidence/1");

        Assert.Equal([$"/ui/incidents/{id}/evidence/1"], EvidenceLink().Matches(room).Select(m => m.Groups["href"].Value));
        await HttpAssert.StatusAsync(download, HttpStatusCode.OK);
        Assert.Equal("502 Bad Gateway", await download.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("href=\"(?<href>/ui/incidents/[0-9]+/evidence/[0-9]+)\"")]
    private static partial Regex EvidenceLink();
}

public sealed class SqliteEvidenceNumberTests : EvidenceNumberTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresEvidenceNumberTests : EvidenceNumberTests
{
    protected override Engine Engine => Engine.Postgres;
}

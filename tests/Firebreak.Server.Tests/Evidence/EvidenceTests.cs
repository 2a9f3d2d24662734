using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Evidence;

/// <summary>
/// Evidence is kept immutably with its SHA-256, who attached it and when: text, links and files
/// (raw bytes, under the size limit from firebreak.yaml), downloaded byte for byte, and as private
/// as its incident.
/// </summary>
public sealed class EvidenceTests : IDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;
    private readonly HttpClient _admin;

    public EvidenceTests()
    {
        _factory = new FirebreakFactory
        {
            Clock = _clock,
            SchedulerLoop = false,
            Config = """
                evidence:
                  maxFileSize: 1KB
                """,
        };
        _admin = _factory.Admin();
    }

    /// <summary>Bytes that text handling would damage: zeros, a lone 0xFF, CR/LF and invalid UTF-8.</summary>
    private static byte[] Binary(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i % 7 == 0 ? 0 : (i * 31) % 256))];

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task Attach_WithAStaleIfMatch_Is412AndKeepsNothing_WithTheCurrentOne_Is201()
    {
        using var alice = await _factory.UserAsync("alice");
        var id = await alice.DeclareIdAsync("Checkout returns 502");
        var version = (await alice.GetIncidentAsync(id)).Long("version");

        using var stale = new HttpRequestMessage(HttpMethod.Post, IncidentApi.Url(id, "evidence")) { Content = JsonContent.Create(new { kind = "text", name = "late", text = "x" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"{version - 1}\"");
        var refused = await alice.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(0, (await alice.EvidenceAsync(id)).GetArrayLength());
        Assert.Equal(version, (await alice.GetIncidentAsync(id)).Long("version"));

        using var current = new HttpRequestMessage(HttpMethod.Post, IncidentApi.Url(id, "evidence")) { Content = JsonContent.Create(new { kind = "text", name = "on time", text = "x" }) };
        current.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        Assert.Equal(HttpStatusCode.Created, (await alice.SendAsync(current)).StatusCode);
    }

    [Fact]
    public async Task TextLinkAndFile_AreKeptWithSha256WhoAndWhen_AndDownloadExactly()
    {
        using var alice = await _factory.UserAsync("alice");
        var id = await alice.DeclareIdAsync("Checkout returns 502");

        _clock.Advance(TimeSpan.FromMinutes(1));
        const string log = "2026-03-14T08:59:58Z ERROR upstream timed out\n2026-03-14T08:59:59Z ERROR 502 Bad Gateway\n";
        var textResponse = await alice.PostAsJsonAsync(IncidentApi.Url(id, "evidence"), new { kind = "text", name = "gateway.log", text = log });
        var text = await HttpAssert.JsonAsync(textResponse, HttpStatusCode.Created);
        var logBytes = Encoding.UTF8.GetBytes(log);
        Assert.Equal(("text", "gateway.log", $"INC-{id}"), (text.Str("kind"), text.Str("name"), text.Str("incident")));
        Assert.Equal((logBytes.LongLength, Sha256(logBytes)), (text.Long("size"), text.Str("sha256")));
        Assert.Equal(("alice", ResponseApi.Start.AddMinutes(1)), (text.Str("createdBy"), text.Time("createdAt")));
        Assert.False(text.GetProperty("verification").GetBoolean());
        Assert.Equal($"/api/v1/incidents/{id}/evidence/{text.Long("id")}/content", text.Str("contentUrl"));
        Assert.Equal(text.Str("contentUrl"), textResponse.Headers.Location?.OriginalString);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var link = await _admin.AttachAsync(id, new { kind = "link", url = "https://grafana.example.com/d/checkout?from=now-1h" });
        Assert.Equal(("link", "grafana.example.com", "https://grafana.example.com/d/checkout?from=now-1h"), (link.Str("kind"), link.Str("name"), link.Str("url")));
        Assert.Equal(Sha256(Encoding.UTF8.GetBytes("https://grafana.example.com/d/checkout?from=now-1h")), link.Str("sha256"));
        Assert.True(link.IsNull("contentUrl"));

        _clock.Advance(TimeSpan.FromMinutes(1));
        var bytes = Binary(1000);
        var fileResponse = await alice.UploadAsync(id, bytes, "?name=core%20dump.bin");
        var file = await HttpAssert.JsonAsync(fileResponse, HttpStatusCode.Created);
        Assert.Equal(("file", "core dump.bin", "application/octet-stream"), (file.Str("kind"), file.Str("name"), file.Str("contentType")));
        Assert.Equal((1000L, Sha256(bytes)), (file.Long("size"), file.Str("sha256")));
        Assert.Equal(("alice", ResponseApi.Start.AddMinutes(3)), (file.Str("createdBy"), file.Time("createdAt")));

        // The list shows every item with its hash, who and when, in order, without the content.
        var list = (await _admin.EvidenceAsync(id)).EnumerateArray().ToList();
        Assert.Equal([text.Long("id"), link.Long("id"), file.Long("id")], list.Select(e => e.Long("id")));
        Assert.Equal([Sha256(logBytes), link.Str("sha256"), Sha256(bytes)], list.Select(e => e.Str("sha256")));
        Assert.Equal(["alice", "admin", "alice"], list.Select(e => e.Str("createdBy")));
        Assert.Equal([ResponseApi.Start.AddMinutes(1), ResponseApi.Start.AddMinutes(2), ResponseApi.Start.AddMinutes(3)], list.Select(e => e.Time("createdAt")));
        Assert.Equal(text.GetRawText(), list[0].GetRawText());
        Assert.Equal(file.GetRawText(), list[2].GetRawText());

        // Downloads are byte for byte, with the hash in a header.
        var download = await _admin.GetAsync(file.Str("contentUrl"));
        await HttpAssert.StatusAsync(download, HttpStatusCode.OK);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Sha256(bytes), download.Headers.GetValues("X-Evidence-SHA256").Single());
        Assert.Equal("core dump.bin", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var textDownload = await _admin.GetAsync(text.Str("contentUrl"));
        Assert.Equal(logBytes, await textDownload.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/plain", textDownload.Content.Headers.ContentType?.MediaType);
        await HttpAssert.ProblemAsync(await _admin.GetAsync($"{IncidentApi.Url(id, "evidence")}/{link.Long("id")}/content"), HttpStatusCode.NotFound, "is a link");

        var incident = await _admin.GetIncidentAsync(id);
        Assert.Equal(3, incident.Long("evidenceCount"));
        var attached = await _admin.OfTypeAsync(id, "incident.evidence-attached.v2");
        Assert.Equal(
            [$"Evidence #{text.Long("id")} attached (text): gateway.log sha256:{Sha256(logBytes)[..12]}", $"Evidence #{file.Long("id")} attached (file): core dump.bin sha256:{Sha256(bytes)[..12]}"],
            attached.Where(e => e.Str("actor") == "alice").Select(e => e.Str("text")));
    }

    [Fact]
    public async Task Attach_OnTheRealClock_AnswersWithTheItemExactlyAsTheListAndTimelineShowIt()
    {
        await using var factory = new FirebreakFactory { SchedulerLoop = false };
        using var admin = factory.Admin();
        var id = await admin.DeclareIdAsync();

        var text = await admin.AttachAsync(id, new { kind = "text", name = "a.txt", text = "a" });
        var file = await HttpAssert.JsonAsync(await admin.UploadAsync(id, [1, 0, 2], "?name=b.bin"), HttpStatusCode.Created);

        var list = (await admin.EvidenceAsync(id)).EnumerateArray().ToList();
        Assert.Equal([text.GetRawText(), file.GetRawText()], list.Select(e => e.GetRawText()));
        Assert.Equal([text.Time("createdAt"), file.Time("createdAt")], (await admin.OfTypeAsync(id, "incident.evidence-attached.v2")).Select(e => e.Time("at")));
    }

    [Fact]
    public async Task File_KeepsItsContentType_AndAnyBytes()
    {
        var id = await _admin.DeclareIdAsync();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0xFF, 0 };

        var file = await HttpAssert.JsonAsync(await _admin.UploadAsync(id, png, "?name=graph.png", "image/png"), HttpStatusCode.Created);
        var bare = await HttpAssert.JsonAsync(await _admin.UploadAsync(id, [0], "?name=zero.bin", contentType: null), HttpStatusCode.Created);

        Assert.Equal("image/png", file.Str("contentType"));
        Assert.Equal(png, await (await _admin.GetAsync(file.Str("contentUrl"))).Content.ReadAsByteArrayAsync());
        Assert.Equal(("application/octet-stream", 1L), (bare.Str("contentType"), bare.Long("size")));
        Assert.Equal(new byte[] { 0 }, await (await _admin.GetAsync(bare.Str("contentUrl"))).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task File_AtTheConfiguredLimit_IsKept_AndOneByteOver_Is413AndWritesNothing()
    {
        var id = await _admin.DeclareIdAsync();
        await HttpAssert.JsonAsync(await _admin.UploadAsync(id, Binary(1024), "?name=exactly-1k.bin"), HttpStatusCode.Created);
        var before = await _admin.SnapshotAsync(id);
        var evidence = (await _admin.EvidenceAsync(id)).GetRawText();

        await HttpAssert.ProblemAsync(await _admin.UploadAsync(id, Binary(1025), "?name=too-big.bin"), HttpStatusCode.RequestEntityTooLarge, "1 KiB");

        // Sent without a length (chunked), the limit holds while reading.
        using var chunked = new StreamContent(new NonSeekableStream(Binary(64 * 1024)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        await HttpAssert.ProblemAsync(await _admin.PostAsync(IncidentApi.Url(id, "evidence/file") + "?name=stream.bin", chunked), HttpStatusCode.RequestEntityTooLarge, "1 KiB");

        Assert.Equal(before, await _admin.SnapshotAsync(id));
        Assert.Equal(evidence, (await _admin.EvidenceAsync(id)).GetRawText());
        Assert.Equal(1, (await _admin.GetIncidentAsync(id)).Long("evidenceCount"));

        // The list tells a client how much it may send, so one that captures output can stop there.
        using var list = await _admin.GetAsync(IncidentApi.Url(id, "evidence"));
        Assert.Equal(["1024"], list.Headers.GetValues("X-Evidence-Max-Bytes"));
    }

    [Fact]
    public async Task PrivateIncidentEvidence_IsA404ToNonMembers_LikeAnUnknownIncident()
    {
        using var alice = await _factory.UserAsync("alice");
        using var bob = await _factory.UserAsync("bob");
        var id = (await alice.DeclareAsync(new { title = "Payroll export leaks salaries", severity = "SEV-1", @private = true })).Long("id");
        var secret = await alice.AttachAsync(id, new { kind = "text", name = "leak.csv", text = "name,salary" });
        var before = await alice.SnapshotAsync(id);
        var evidence = (await alice.EvidenceAsync(id)).GetRawText();

        var unknown = HttpAssert.Detail(await HttpAssert.ProblemAsync(await bob.GetAsync(IncidentApi.Url(999, "evidence")), HttpStatusCode.NotFound));
        var responses = new[]
        {
            await bob.GetAsync(IncidentApi.Url(id, "evidence")),
            await bob.GetAsync(secret.Str("contentUrl")),
            await bob.PostAsJsonAsync(IncidentApi.Url(id, "evidence"), new { kind = "text", name = "peek", text = "x" }),
            await bob.UploadAsync(id, [1, 2, 3], "?name=peek.bin"),
        };
        foreach (var response in responses)
        {
            var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, $"INC-{id}");
            Assert.Equal(unknown.Replace("INC-999", $"INC-{id}", StringComparison.Ordinal), HttpAssert.Detail(problem));
            Assert.DoesNotContain("leak", problem.GetRawText(), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("X-Evidence-Max-Bytes"));
        }

        Assert.Equal(before, await alice.SnapshotAsync(id));
        Assert.Equal(evidence, (await alice.EvidenceAsync(id)).GetRawText());
        Assert.Equal("name,salary", await (await _admin.GetAsync(secret.Str("contentUrl"))).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Evidence_OfAnotherIncident_IsNotReachableThroughThisOne()
    {
        var first = await _admin.DeclareIdAsync("First");
        var second = await _admin.DeclareIdAsync("Second");
        var item = await _admin.AttachAsync(first, new { kind = "text", name = "first.txt", text = "belongs to the first" });

        await HttpAssert.ProblemAsync(await _admin.GetAsync($"{IncidentApi.Url(second, "evidence")}/{item.Long("id")}/content"), HttpStatusCode.NotFound, $"INC-{second} has no evidence {item.Long("id")}");
        Assert.Equal(0, (await _admin.EvidenceAsync(second)).GetArrayLength());
    }

    [Fact]
    public async Task VerificationEvidence_IsMarkedSo()
    {
        var id = await _admin.DeclareIdAsync();

        var item = await _admin.AttachAsync(id, new { kind = "text", name = "curl", text = "HTTP/2 200", verification = true });
        var file = await HttpAssert.JsonAsync(await _admin.UploadAsync(id, [1], "?name=check.bin&verification=TRUE"), HttpStatusCode.Created);

        Assert.True(item.GetProperty("verification").GetBoolean());
        Assert.True(file.GetProperty("verification").GetBoolean());
        Assert.All(await _admin.OfTypeAsync(id, "incident.evidence-attached.v2"), e => Assert.StartsWith("Verification evidence #", e.Str("text"), StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }

    /// <summary>A stream whose length is unknown, so the client sends it chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}

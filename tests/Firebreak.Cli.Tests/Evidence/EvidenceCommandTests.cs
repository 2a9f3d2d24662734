using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Evidence;

/// <summary>
/// evidence: texts, links and files kept and given back byte for byte, and that evidence marked --verification
/// (with --check-kind for what it checked) starts the monitoring window when no health check covers the incident.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed partial class EvidenceCommandTests(ServerProcess server) : SignedInCommandTests(server)
{
    [Fact]
    public async Task Evidence_TextLinkAndFile_ListAndGetTheSameBytes()
    {
        var key = Key(await DeclareAsync(Unique("Latency spike"), "--sev", "P3"));

        const string note = "p99 latency 2.3 s — starting 14:02 UTC";
        var noteBytes = Encoding.UTF8.GetBytes(note);
        var text = (await Cli.RunAsync("evidence", key, "--text", note, "--name", "latency note")).Succeeded().StdOut.Trim();
        var textMatch = EvidenceLine().Match(text);
        Assert.True(textMatch.Success, $"Unexpected output: {text}");
        Assert.Equal(key, textMatch.Groups["incident"].Value);
        Assert.Equal($"latency note ({noteBytes.Length} bytes, sha256 {Sha256(noteBytes)}).", textMatch.Groups["rest"].Value);
        var textId = textMatch.Groups["id"].Value;

        var link = (await Cli.RunAsync("evidence", key, "--link", "https://grafana.example.com/d/checkout?from=now-1h", "--name", "dashboard", "--json")).Succeeded().Json();
        Assert.Equal("link", link.GetProperty("kind").GetString());
        Assert.Equal("dashboard", link.GetProperty("name").GetString());
        Assert.Equal("https://grafana.example.com/d/checkout?from=now-1h", link.GetProperty("url").GetString());
        Assert.False(link.GetProperty("verification").GetBoolean());
        var linkId = link.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

        var content = new byte[70_000];
        new Random(7).NextBytes(content);
        for (var b = 0; b < 256; b++)
        {
            content[b] = (byte)b;
        }

        var path = Path.Combine(Files.Path, "heap-dump.bin");
        await File.WriteAllBytesAsync(path, content);
        var file = (await Cli.RunAsync("evidence", key, "--file", path, "--json")).Succeeded().Json();
        Assert.Equal("file", file.GetProperty("kind").GetString());
        Assert.Equal("heap-dump.bin", file.GetProperty("name").GetString());
        Assert.Equal(content.Length, file.GetProperty("size").GetInt64());
        Assert.Equal(Sha256(content), file.GetProperty("sha256").GetString());
        Assert.Equal("admin", file.GetProperty("createdBy").GetString());
        var fileId = file.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

        var listed = (await Cli.RunAsync("evidence", key, "--list")).Succeeded().StdOut.TrimEnd().Split('\n');
        Assert.Equal(3, listed.Length);
        Assert.Matches($"^ *{textId}  text +latency note  {noteBytes.Length} bytes  sha256:{Sha256(noteBytes)[..12]}  admin ", listed[0]);
        Assert.Matches($"^ *{linkId}  link +dashboard https://grafana\\.example\\.com/d/checkout\\?from=now-1h  ", listed[1]);
        Assert.Matches($"^ *{fileId}  file +heap-dump\\.bin  {content.Length} bytes  sha256:{Sha256(content)[..12]}  admin ", listed[2]);
        Assert.All(listed, l => Assert.DoesNotContain("[verification]", l, StringComparison.Ordinal));
        var json = (await Cli.RunAsync("evidence", key, "--list", "--json")).Succeeded().Json();
        Assert.Equal([textId, linkId, fileId], json.EnumerateArray().Select(e => e.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)));

        var target = Path.Combine(Files.Path, "downloaded.bin");
        var got = (await Cli.RunAsync("evidence", key, "--get", fileId, "-o", target)).Succeeded();
        Assert.Equal($"Wrote {content.Length} bytes to {target}.", got.StdOut.Trim());
        var downloaded = await File.ReadAllBytesAsync(target);
        Assert.Equal(Sha256(content), Sha256(downloaded));
        Assert.Equal(content, downloaded);

        var gotText = (await Cli.RunAsync("evidence", key, "--get", textId)).Succeeded();
        Assert.Equal(note, gotText.StdOut);
        var gotLink = (await Cli.RunAsync("evidence", key, "--get", linkId)).Failed();
        Assert.Contains($"Evidence {linkId} is a link", gotLink.StdErr, StringComparison.Ordinal);
        var gotMissing = (await Cli.RunAsync("evidence", key, "--get", "987654")).Failed();
        Assert.Contains($"{key} has no evidence 987654.", gotMissing.StdErr, StringComparison.Ordinal);

        var nothing = (await Cli.RunAsync("evidence", key)).Failed();
        Assert.Contains("Say what to keep: --text, --file or --link", nothing.StdErr, StringComparison.Ordinal);
        var noFile = (await Cli.RunAsync("evidence", key, "--file", Path.Combine(Files.Path, "missing.log"))).Failed();
        Assert.Contains("There is no file", noFile.StdErr, StringComparison.Ordinal);
        var badLink = (await Cli.RunAsync("evidence", key, "--link", "ftp://example.com/x")).Failed();
        Assert.Contains("'url' must be an absolute http(s) address", badLink.StdErr, StringComparison.Ordinal);

        var shown = await ShowJsonAsync(key);
        Assert.Equal(3, shown.GetProperty("incident").GetProperty("evidenceCount").GetInt32());
        Assert.Contains($"Evidence #{fileId} attached (file): heap-dump.bin sha256:{Sha256(content)[..12]}", TimelineTexts(shown));
    }

    [Fact]
    public async Task Resolve_IsBlockedWithoutVerification_AndVerificationEvidenceStartsTheMonitoringWindow()
    {
        var service = Unique("storefront");
        var key = Key(await DeclareAsync(Unique("Storefront 500s"), "--sev", "P3", "--service", service));

        var blocked = (await Cli.RunAsync("resolve", key)).Failed();
        Assert.Contains("409", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains($"Blocked by the unverified-resolve guardrail: Nothing shows the fix works: no health check covers {service} and no verification evidence is attached.", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains($"firebreak evidence {key} --verification", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains("override", blocked.StdErr, StringComparison.Ordinal);
        var unchanged = (await ShowJsonAsync(key)).GetProperty("incident");
        Assert.Equal("investigating", unchanged.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("resolvedAt").ValueKind);

        // Evidence that is not marked as verification does not count.
        (await Cli.RunAsync("evidence", key, "--text", "error graph flat")).Succeeded();
        (await Cli.RunAsync("resolve", key)).Failed();

        var proof = (await Cli.RunAsync("evidence", key, "--text", "bought a product with a real card at 15:10", "--name", "smoke test", "--verification", "--check-kind", "client-side")).Succeeded().StdOut;
        Assert.EndsWith(", counts as verification.", proof.Trim(), StringComparison.Ordinal);
        Assert.Contains("[verification: client-side]", (await Cli.RunAsync("evidence", key, "--list")).Succeeded().StdOut, StringComparison.Ordinal);

        // The fix has to hold through the monitoring window; resolving before it ends takes an override.
        var monitoring = (await Cli.RunAsync("resolve", key, "--reason", "smoke test passes")).Succeeded().StdOut;
        Assert.Contains($"{key}  SEV-4  monitoring", monitoring, StringComparison.Ordinal);
        var early = (await Cli.RunAsync("resolve", key)).Failed();
        Assert.Contains("Blocked by the unverified-resolve guardrail: Verification is still running until", early.StdErr, StringComparison.Ordinal);
        var resolved = (await Cli.RunAsync("resolve", key, "--reason", "smoke test passes", "--override", "the customer confirmed the checkout works")).Succeeded().StdOut;
        Assert.Contains($"{key}  SEV-4  resolved", resolved, StringComparison.Ordinal);
        Assert.Contains($"  WARN [silent-resolve] {key} is resolved but nobody has been told.", resolved, StringComparison.Ordinal);

        var shown = await ShowJsonAsync(key);
        Assert.Equal("resolved", shown.GetProperty("incident").GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("incident").GetProperty("resolvedAt").ValueKind);
        var texts = TimelineTexts(shown);
        Assert.Contains(texts, t => t.StartsWith("Verification evidence #", StringComparison.Ordinal) && t.Contains("(text, checked: client-side): smoke test", StringComparison.Ordinal));
        Assert.Contains("Status investigating → monitoring: verifying the fix before resolving", texts);
        Assert.Contains("Status monitoring → resolved: smoke test passes", texts);
        Assert.Contains("Guardrail unverified-resolve overridden: the customer confirmed the checkout works", texts);
    }

    [Fact]
    public async Task Resolve_WithAVerificationFile_StartsTheMonitoringWindow_OrWithAnOverride()
    {
        var withFile = Key(await DeclareAsync(Unique("Image uploads failing"), "--sev", "P3"));
        var screenshot = Path.Combine(Files.Path, "upload-works.png");
        await File.WriteAllBytesAsync(screenshot, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF]);
        var attached = (await Cli.RunAsync("evidence", withFile, "--file", screenshot, "--verification", "--json")).Succeeded().Json();
        Assert.True(attached.GetProperty("verification").GetBoolean());
        var monitoring = (await Cli.RunAsync("resolve", withFile, "--json")).Succeeded().Json();
        Assert.Equal("monitoring", monitoring.GetProperty("status").GetString());
        Assert.Contains("Status investigating → monitoring: verifying the fix before resolving", TimelineTexts(await ShowJsonAsync(withFile)));

        var overridden = Key(await DeclareAsync(Unique("Emails delayed"), "--sev", "P3"));
        var result = (await Cli.RunAsync("resolve", overridden, "--override", "the customer confirmed by phone", "--json")).Succeeded().Json();
        Assert.Equal("resolved", result.GetProperty("status").GetString());
        var texts = TimelineTexts(await ShowJsonAsync(overridden));
        Assert.Contains("Guardrail unverified-resolve overridden: the customer confirmed by phone", texts);
        Assert.Contains("Status investigating → resolved", texts);
    }

    [Fact]
    public async Task Evidence_IsNumberedWithinItsIncident_AndGotByThatNumber()
    {
        var first = Key(await DeclareAsync(Unique("Checkout 502"), "--sev", "P3"));
        var second = Key(await DeclareAsync(Unique("Search slow"), "--sev", "P3"));

        var attached = new List<string>();
        foreach (var (key, text) in new[] { (first, "first one"), (second, "second one"), (first, "first two") })
        {
            attached.Add((await Cli.RunAsync("evidence", key, "--text", text, "--name", text)).Succeeded().StdOut.Trim());
        }

        Assert.Equal(["1", "1", "2"], attached.Select(line => EvidenceLine().Match(line).Groups["id"].Value));
        Assert.Equal("second one", (await Cli.RunAsync("evidence", second, "--get", "1")).Succeeded().StdOut);
        Assert.Equal("first two", (await Cli.RunAsync("evidence", first, "--get", "2")).Succeeded().StdOut);
        Assert.Equal([1L, 2L], (await Cli.RunAsync("evidence", first, "--list", "--json")).Succeeded().Json().EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        Assert.Contains($"{second} has no evidence 2.", (await Cli.RunAsync("evidence", second, "--get", "2")).Failed().StdErr, StringComparison.Ordinal);
    }

    [GeneratedRegex("^Evidence (?<id>[0-9]+) attached to (?<incident>INC-[0-9]+): (?<rest>.*)$")]
    private static partial Regex EvidenceLine();
}

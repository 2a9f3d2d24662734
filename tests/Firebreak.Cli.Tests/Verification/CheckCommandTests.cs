using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Security.Cryptography.X509Certificates;
using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Testing;

namespace Firebreak.Cli.Tests.Verification;

/// <summary>
/// check URL: one probe from the responder's machine against a real local HTTP(S) server: status,
/// time, addresses, certificate expiry, the expected status and body text, a non-zero exit when it
/// fails, and --attach keeping the result as evidence.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class CheckCommandTests(ServerProcess server) : SignedInCommandTests(server)
{
    [Fact]
    public async Task Check_OfAHealthyService_PrintsStatusTimeAndAddresses_AndExitsZero()
    {
        await using var service = await RecordingReceiver.StartAsync();
        service.Answer = _ => new ReceiverAnswer(200, "status: healthy");

        var run = (await Cli.RunAsync("check", $"{service.Url}/health")).Succeeded();
        var fields = Fields(run.StdOut);
        Assert.Equal($"GET {service.Url}/health", fields["check"]);
        Assert.Equal("200 OK", fields["status"]);
        Assert.Matches("^[0-9]+ ms$", fields["time"]);
        Assert.Equal("127.0.0.1", fields["addresses"]);
        Assert.Equal($"127.0.0.1:{new Uri(service.Url).Port}", fields["connected"]);
        Assert.StartsWith("passed: HTTP 200 in ", fields["result"], StringComparison.Ordinal);
        Assert.False(fields.ContainsKey("certificate"));
        Assert.Equal("GET /health", Assert.Single(service.Requests).Method + " " + service.Requests[0].Path);
        Assert.Equal("firebreak-check", service.Requests[0].Header("user-agent"));
    }

    [Fact]
    public async Task Check_WithTheWrongStatus_Fails()
    {
        await using var service = await RecordingReceiver.StartAsync();
        service.Answer = _ => new ReceiverAnswer(503, "unhealthy");

        var expected = (await Cli.RunAsync("check", $"{service.Url}/health", "--expect-status", "200")).Failed();
        Assert.Equal(1, expected.ExitCode);
        Assert.Equal("503 Service Unavailable", Fields(expected.StdOut)["status"]);
        Assert.StartsWith("FAILED: expected HTTP 200, got 503 after ", Fields(expected.StdOut)["result"], StringComparison.Ordinal);
        Assert.Contains($"error: The check of {service.Url}/health failed: expected HTTP 200, got 503", expected.StdErr, StringComparison.Ordinal);

        // Without --expect-status any status below 400 passes, so a 503 fails too, and a 503 asked for passes.
        var below400 = (await Cli.RunAsync("check", $"{service.Url}/health")).Failed();
        Assert.StartsWith("FAILED: expected an HTTP status below 400, got 503", Fields(below400.StdOut)["result"], StringComparison.Ordinal);
        (await Cli.RunAsync("check", $"{service.Url}/health", "--expect-status", "503")).Succeeded();

        // A redirect is not followed: it is the answer, and where it points is shown.
        service.Answer = _ => new ReceiverAnswer(302, "", new Dictionary<string, string> { ["Location"] = "/login" });
        var redirect = (await Cli.RunAsync("check", $"{service.Url}/health")).Succeeded();
        Assert.Equal($"{service.Url}/login", Fields(redirect.StdOut)["location"]);
        Assert.Equal("302 Found", Fields(redirect.StdOut)["status"]);
    }

    [Fact]
    public async Task Check_WithABodyMatch_PassesOnlyWhenTheBodyHoldsTheText()
    {
        await using var service = await RecordingReceiver.StartAsync();
        service.Answer = _ => new ReceiverAnswer(200, """{"status":"healthy","db":"ok"}""");

        var matched = (await Cli.RunAsync("check", $"{service.Url}/health", "--expect-status", "200", "--body-match", "\"db\":\"ok\"")).Succeeded();
        Assert.StartsWith("passed: HTTP 200 in ", Fields(matched.StdOut)["result"], StringComparison.Ordinal);

        var mismatch = (await Cli.RunAsync("check", $"{service.Url}/health", "--body-match", "degraded")).Failed();
        Assert.Equal("FAILED: HTTP 200 but the body does not contain 'degraded'", Fields(mismatch.StdOut)["result"]);
    }

    [Fact]
    public async Task Check_OfAPortNobodyListensOn_FailsAsUnreachable()
    {
        var url = RecordingReceiver.RefusingUrl();

        var run = (await Cli.RunAsync("check", url + "/health")).Failed();
        var fields = Fields(run.StdOut);
        Assert.Equal("no answer", fields["status"]);
        Assert.Equal("127.0.0.1", fields["addresses"]);
        Assert.False(fields.ContainsKey("connected"));
        Assert.StartsWith("FAILED: request failed: Connection refused", fields["result"], StringComparison.Ordinal);

        var notAUrl = (await Cli.RunAsync("check", "ftp://example.com/")).Failed();
        Assert.Contains("'ftp://example.com/' is not an http(s) address", notAUrl.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithAttach_KeepsTheResultAsEvidence_AndAPassingOneAsVerification()
    {
        await using var service = await RecordingReceiver.StartAsync();
        service.Answer = _ => new ReceiverAnswer(200, "ok");
        var key = Key(await DeclareAsync(Unique("Checkout slow"), "--sev", "P3"));

        var run = (await Cli.RunAsync("check", $"{service.Url}/health", "--attach", key)).Succeeded();
        Assert.Contains($"Evidence 1 attached to {key}: check {service.Url}/health (", run.StdOut, StringComparison.Ordinal);
        var printed = run.StdOut[..run.StdOut.IndexOf("Evidence 1 attached", StringComparison.Ordinal)];
        Assert.Equal(printed, (await Cli.RunAsync("evidence", key, "--get", "1")).Succeeded().StdOut);

        var verified = (await Cli.RunAsync("check", $"{service.Url}/health", "--attach", key, "--verification")).Succeeded();
        Assert.Contains(", counts as verification.", verified.StdOut, StringComparison.Ordinal);

        service.Answer = _ => new ReceiverAnswer(500, "boom");
        var failing = (await Cli.RunAsync("check", $"{service.Url}/health", "--attach", key, "--verification")).Failed();
        Assert.Contains($"Evidence 3 attached to {key}", failing.StdOut, StringComparison.Ordinal);
        Assert.Contains("attached as plain evidence, not as verification", failing.StdErr, StringComparison.Ordinal);

        var listed = (await Cli.RunAsync("evidence", key, "--list", "--json")).Succeeded().Json().EnumerateArray().ToList();
        Assert.Equal(["text", "text", "text"], listed.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal([false, true, false], listed.Select(e => e.GetProperty("verification").GetBoolean()));
        Assert.Equal("health-check", listed[1].GetProperty("checkKind").GetString());
        Assert.Contains("FAILED: expected an HTTP status below 400, got 500", (await Cli.RunAsync("evidence", key, "--get", "3")).Succeeded().StdOut, StringComparison.Ordinal);

        var json = (await Cli.RunAsync("check", $"{service.Url}/health", "--attach", key, "--json")).Failed().Json();
        Assert.False(json.GetProperty("passed").GetBoolean());
        Assert.Equal(500, json.GetProperty("status").GetInt32());
        Assert.Equal("127.0.0.1", Assert.Single(json.GetProperty("addresses").EnumerateArray()).GetString());
        Assert.Equal(4, json.GetProperty("evidence").GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("certificate").ValueKind);

        var unknown = (await Cli.RunAsync("check", $"{service.Url}/health", "--attach", "INC-987654")).Failed();
        Assert.Contains("error: 404", unknown.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OverHttps_ShowsTheCertificatesExpiry_AndRefusesAnUntrustedOneUnlessInsecure()
    {
        using var certificate = SelfSigned(TimeSpan.FromDays(30.5));
        await using var service = await RecordingReceiver.StartAsync(certificate);
        Assert.StartsWith("https://127.0.0.1:", service.Url, StringComparison.Ordinal);

        var insecure = (await Cli.RunAsync("check", $"{service.Url}/health", "--insecure")).Succeeded();
        var fields = Fields(insecure.StdOut);
        Assert.Equal("200 OK", fields["status"]);
        Assert.Matches(@"^CN=firebreak-check-test, expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(30 days left\), not trusted \(RemoteCertificateChainErrors\), accepted with --insecure$", fields["certificate"]);

        var json = (await Cli.RunAsync("check", $"{service.Url}/health", "--insecure", "--json")).Succeeded().Json();
        Assert.True(json.GetProperty("passed").GetBoolean());
        Assert.Equal(200, json.GetProperty("status").GetInt32());
        var seen = json.GetProperty("certificate");
        Assert.Equal("CN=firebreak-check-test", seen.GetProperty("subject").GetString());
        Assert.Equal(30, seen.GetProperty("daysLeft").GetInt32());
        Assert.False(seen.GetProperty("trusted").GetBoolean());
        Assert.Equal(certificate.NotAfter.ToUniversalTime(), seen.GetProperty("notAfter").GetDateTimeOffset().UtcDateTime);

        var untrusted = (await Cli.RunAsync("check", $"{service.Url}/health")).Failed();
        var refused = Fields(untrusted.StdOut);
        Assert.Equal("no answer", refused["status"]);
        Assert.Matches(@"\(30 days left\), not trusted \(RemoteCertificateChainErrors\)$", refused["certificate"]);
        Assert.Equal("FAILED: request failed: the server's certificate is not trusted on this machine (RemoteCertificateChainErrors); --insecure accepts it", refused["result"]);
        Assert.Equal(2, service.Requests.Count);
    }

    /// <summary>The lines of a check's printout by their label ("status:      200 OK" → status, "200 OK").</summary>
    private static Dictionary<string, string> Fields(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Length > 13 && line[..13].TrimEnd().EndsWith(':'))
            .ToDictionary(line => line[..13].TrimEnd().TrimEnd(':'), line => line[13..], StringComparer.Ordinal);

    /// <summary>A certificate for 127.0.0.1, valid from a day ago for <paramref name="left"/> from now, signed by itself.</summary>
    private static X509Certificate2 SelfSigned(TimeSpan left)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=firebreak-check-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.Add(left));

        // Through PKCS#12, so the private key is one the TLS stack can use on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}

using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Alerts;

/// <summary>
/// PagerDuty's own client, `@pagerduty/pdjs` from npm, sending trigger, acknowledge and resolve to a real
/// firebreak serve. The client speaks only https, so the server listens on https too, with a certificate
/// made here that the client is told to trust.
/// </summary>
public sealed class PagerDutyClientTests
{
    private static readonly string RoutingKey = Guid.NewGuid().ToString("N");

    private static string ToolDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "tools", "pagerduty");
            if (File.Exists(Path.Combine(candidate, "send.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/tools/pagerduty/send.js was not found above {AppContext.BaseDirectory}.");
    }

    private static async Task<JsonElement> SendAsync(string tool, string server, string caFile, object data)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = tool, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("send.js");
        start.ArgumentList.Add(server);
        start.ArgumentList.Add(JsonSerializer.Serialize(data));
        start.Environment["NODE_EXTRA_CA_CERTS"] = caFile;
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(output.Length > 0, $"send.js printed nothing (exit {node.ExitCode}): {errors}");
        return JsonDocument.Parse(output).RootElement;
    }

    [SkippableFact]
    public async Task Pdjs_TriggersAcknowledgesAndResolves_AndReadsOurAnswers()
    {
        var tool = ToolDirectory();
        Skip.IfNot(Directory.Exists(Path.Combine(tool, "node_modules", "@pagerduty", "pdjs")), "tests/tools/pagerduty has no node_modules: run npm ci there (test.sh does)");
        using var folder = new TempDirectory();

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var pfx = Path.Combine(folder.Path, "server.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test"));
        var ca = Path.Combine(folder.Path, "ca.pem");
        await File.WriteAllTextAsync(ca, certificate.ExportCertificatePem());

        var config = Path.Combine(folder.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, "alerts:\n  integrations:\n    - name: pd\n      source: pagerduty\n      keyEnv: FB_PDJS_KEY\n      service: checkout\n");
        var httpsPort = FreePort.Next();
        await using var server = await ServerProcess.StartAsync(
            configFile: config,
            environment: new Dictionary<string, string?>
            {
                ["FB_PDJS_KEY"] = RoutingKey,
                ["Kestrel__Certificates__Default__Path"] = pfx,
                ["Kestrel__Certificates__Default__Password"] = "test",
            },
            alsoListenOn: $"https://127.0.0.1:{httpsPort}");
        var host = $"127.0.0.1:{httpsPort}";

        var triggered = await SendAsync(tool, host, ca, new { routing_key = RoutingKey, event_action = "trigger", dedup_key = "checkout-5xx", payload = new { summary = "checkout 5xx above 5%", source = "checkout-api-1", severity = "critical" } });
        Assert.Equal(202, triggered.GetProperty("status").GetInt32());
        Assert.Equal(("success", "checkout-5xx"), (triggered.GetProperty("data").GetProperty("status").GetString(), triggered.GetProperty("data").GetProperty("dedup_key").GetString()));

        using var admin = server.CreateClient(ServerProcess.DefaultAdminToken);
        var group = JsonDocument.Parse(await admin.GetStringAsync("api/v1/alert-groups/AG-1")).RootElement;
        Assert.Equal(("firing", "checkout"), (group.GetProperty("status").GetString(), group.GetProperty("service").GetString()));

        var acknowledged = await SendAsync(tool, host, ca, new { routing_key = RoutingKey, event_action = "acknowledge", dedup_key = "checkout-5xx" });
        Assert.Equal(202, acknowledged.GetProperty("status").GetInt32());
        Assert.Equal("acknowledged", JsonDocument.Parse(await admin.GetStringAsync("api/v1/alert-groups/AG-1")).RootElement.GetProperty("status").GetString());

        var resolved = await SendAsync(tool, host, ca, new { routing_key = RoutingKey, event_action = "resolve", dedup_key = "checkout-5xx" });
        Assert.Equal(202, resolved.GetProperty("status").GetInt32());
        Assert.Equal("resolved", JsonDocument.Parse(await admin.GetStringAsync("api/v1/alert-groups/AG-1")).RootElement.GetProperty("status").GetString());

        var refused = await SendAsync(tool, host, ca, new { routing_key = RoutingKey, event_action = "trigger", payload = new { summary = "no source", severity = "critical" } });
        Assert.Equal(400, refused.GetProperty("status").GetInt32());
        Assert.Equal("invalid event", refused.GetProperty("data").GetProperty("status").GetString());
        Assert.Contains("'payload.source' is missing or blank", refused.GetProperty("data").GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Firebreak.Cli.Client;
using Firebreak.Server.Evidence;
using Firebreak.Server.Verification;

namespace Firebreak.Cli.Verification;

/// <summary>
/// check URL: one HTTP probe from the responder's machine (status, time, addresses, TLS certificate
/// expiry, an expected status and a text the body must hold), judged as the server's health checks
/// are; --attach keeps the result as text evidence on an incident.
/// </summary>
public static class CheckCommands
{
    private const int MaxName = 200;

    public static IEnumerable<Command> Create()
    {
        yield return Check();
    }

    private static Command Check()
    {
        var url = new Argument<string>("url") { Description = "The http(s) address to GET" };
        var expectStatus = new Option<int?>("--expect-status") { Description = "The status it must answer (default: any status below 400; redirects are not followed)" };
        var bodyMatch = new Option<string?>("--body-match") { Description = "A text the body must contain" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the whole answer", DefaultValueFactory = _ => 10 };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Accept a certificate this machine does not trust (its expiry is still shown)" };
        var attach = new Option<string?>("--attach") { Description = "Keep the result as text evidence on this incident, e.g. INC-7" };
        var verification = new Option<bool>("--verification") { Description = "With --attach: a passing check counts as verification (kind health-check); a failing one is kept as plain evidence" };
        var command = new Command("check", "Probe a URL from this machine: status, time, addresses, TLS certificate expiry; exits 1 when the check fails (unreachable, wrong status, body mismatch)")
        {
            url, expectStatus, bodyMatch, timeout, insecure, attach, verification,
        };
        command.SetHandler(async (parse, ct) =>
        {
            var address = parse.GetValue(url)!;
            if (!Uri.TryCreate(address, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
            {
                throw new CliException($"'{address}' is not an http(s) address; give one like https://example.com/health.");
            }

            var seconds = parse.GetValue(timeout);
            if (seconds is < 1 or > 300)
            {
                throw new CliException($"--timeout must be between 1 and 300 seconds, not {seconds}.");
            }

            if (parse.GetValue(verification) && parse.GetValue(attach) is null)
            {
                throw new CliException("--verification goes with --attach INC-N: it marks the attached result.");
            }

            var checkedAt = TimeProvider.System.GetUtcNow();
            var report = await CheckProbe.RunAsync(target, parse.GetValue(expectStatus), parse.GetValue(bodyMatch), TimeSpan.FromSeconds(seconds), parse.GetValue(insecure), ct);
            var text = Text(report, checkedAt, parse.GetValue(insecure));
            var json = parse.GetValue(GlobalOptions.Json);
            if (!json)
            {
                Console.Write(text);
            }

            string? evidence = null;
            if (parse.GetValue(attach) is { } incident)
            {
                using var client = GlobalOptions.Client(parse);
                var asVerification = parse.GetValue(verification) && report.Result.Passed;
                var body = new EvidenceRequest
                {
                    Kind = "text",
                    Name = Name(target),
                    Text = text,
                    Verification = asVerification,
                    CheckKind = asVerification ? "health-check" : null,
                };
                (var created, evidence) = await client.AttachEvidenceAsync(incident, body, cancellationToken: ct);
                if (!json)
                {
                    Console.WriteLine($"Evidence {created.Id} attached to {created.Incident}: {created.Name} ({created.Size} bytes, sha256 {created.Sha256}){(created.Verification ? ", counts as verification" : string.Empty)}.");
                }

                if (parse.GetValue(verification) && !report.Result.Passed)
                {
                    await Console.Error.WriteLineAsync("The check failed, so it was attached as plain evidence, not as verification.");
                }
            }

            if (json)
            {
                Console.WriteLine(Json(report, checkedAt, evidence));
            }

            if (!report.Result.Passed)
            {
                throw new CliException($"The check of {target} failed: {report.Result.Detail}.");
            }
        });
        return command;
    }

    /// <summary>The result as it is printed and attached, one field a line.</summary>
    public static string Text(CheckProbe.Report report, DateTimeOffset checkedAt, bool insecure)
    {
        var text = new StringBuilder();
        void Line(string label, string value) => text.Append(CultureInfo.InvariantCulture, $"{label + ":",-13}{value}\n");

        Line("check", $"GET {report.Url}");
        Line("checked", $"{Output.Time(checkedAt)} from {Environment.MachineName}");
        Line("status", report.Result.Status is { } status ? $"{status} {ReasonPhrase(status)}".TrimEnd() : "no answer");
        Line("time", $"{report.Result.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms");
        Line("addresses", report.Resolved.Count == 0 ? "none resolved" : string.Join(", ", report.Resolved.Select(a => a.ToString())));
        if (report.Connected is { } connected)
        {
            Line("connected", connected.ToString());
        }

        if (report.Result.Location is { } location)
        {
            Line("location", location.ToString());
        }

        if (report.Certificate is { } certificate)
        {
            var days = certificate.DaysLeft(checkedAt);
            var left = days >= 0 ? $"{days} days left" : $"expired {-days} days ago";
            var trust = certificate.Trusted ? "trusted" : $"not trusted ({certificate.Errors}){(insecure ? ", accepted with --insecure" : string.Empty)}";
            Line("certificate", $"{certificate.Subject}, expires {Output.Time(certificate.NotAfter)} ({left}), {trust}");
        }
        else if (report.Url.Scheme == "https")
        {
            Line("certificate", "none seen (no TLS connection was made)");
        }

        Line("result", report.Result.Passed ? $"passed: {report.Result.Detail}" : $"FAILED: {report.Result.Detail}");
        return text.ToString();
    }

    /// <summary>The result for --json, with the attached evidence as the server gave it.</summary>
    public static string Json(CheckProbe.Report report, DateTimeOffset checkedAt, string? evidence)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("url", report.Url.ToString());
            json.WriteString("checkedAt", checkedAt);
            json.WriteString("from", Environment.MachineName);
            json.WriteBoolean("passed", report.Result.Passed);
            json.WriteString("detail", report.Result.Detail);
            if (report.Result.Status is { } status)
            {
                json.WriteNumber("status", status);
            }
            else
            {
                json.WriteNull("status");
            }

            json.WriteNumber("elapsedMs", Math.Round(report.Result.Elapsed.TotalMilliseconds, 1));
            json.WriteStartArray("addresses");
            foreach (var address in report.Resolved)
            {
                json.WriteStringValue(address.ToString());
            }

            json.WriteEndArray();
            json.WriteString("connected", report.Connected?.ToString());
            json.WriteString("location", report.Result.Location?.ToString());
            if (report.Certificate is { } certificate)
            {
                json.WriteStartObject("certificate");
                json.WriteString("subject", certificate.Subject);
                json.WriteString("notAfter", certificate.NotAfter.ToUniversalTime());
                json.WriteNumber("daysLeft", certificate.DaysLeft(checkedAt));
                json.WriteBoolean("trusted", certificate.Trusted);
                json.WriteString("errors", certificate.Errors.ToString());
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("certificate");
            }

            if (evidence is not null)
            {
                json.WritePropertyName("evidence");
                json.WriteRawValue(evidence);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Name(Uri target)
    {
        var name = $"check {target}";
        return name.Length <= MaxName ? name : name[..(MaxName - 1)] + "…";
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}

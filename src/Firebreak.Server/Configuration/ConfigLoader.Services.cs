using System.Globalization;
using System.Text.RegularExpressions;
using Firebreak.Core.Updates;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Server.Configuration;

// The severity scale and the services with their health checks.
public sealed partial class ConfigLoader
{
    private SeverityScale Severities(YamlNode node)
    {
        var list = Sequence(node, "severities");
        if (list.Children.Count == 0)
        {
            throw Error(node, "'severities' is empty; list at least one level, most severe first, or remove the key to use SEV-1…SEV-4.");
        }

        var levels = new List<SeverityLevel>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = Mapping(list.Children[i], "a severity level");
            OnlyKeys(item, ["name", "aliases", "meaning", "responseTarget", "updateCadence", "paged", "rolesRequired", "publicCommunication", "postmortemRequired", "postmortemDue", "monitoringWindow"], "a severity level");
            var rank = i + 1;
            var builtIn = SeverityScale.DefaultLevels.FirstOrDefault(l => l.Rank == rank);
            var name = RequiredString(item, "name", "a severity level");
            var aliases = Strings(item, "aliases") ?? (builtIn is not null && string.Equals(builtIn.Name, name, StringComparison.OrdinalIgnoreCase) ? builtIn.Aliases : []);
            foreach (var label in aliases.Prepend(name))
            {
                if (!names.Add(label))
                {
                    throw Error(item, $"the severity name or alias '{label}' is used twice; every name and alias must be unique.");
                }
            }

            var roles = Strings(item, "rolesRequired");
            foreach (var role in roles ?? [])
            {
                if (IncidentRoles.Normalize(role) is null)
                {
                    throw Error(item, $"'{role}' is not a role name; use commander, comms-lead, tech-lead, scribe or a lowercase custom name.");
                }
            }

            var fallback = builtIn ?? new SeverityLevel(name, rank, [], string.Empty);
            levels.Add(new SeverityLevel(name, rank, aliases, OptionalString(item, "meaning") ?? fallback.Meaning)
            {
                ResponseTarget = Duration(item, "responseTarget", allowNone: false) ?? fallback.ResponseTarget,
                UpdateCadence = item.Children.ContainsKey(new YamlScalarNode("updateCadence")) ? Duration(item, "updateCadence", allowNone: true) : fallback.UpdateCadence,
                Paged = OptionalString(item, "paged") ?? fallback.Paged,
                RolesRequired = roles?.Select(r => IncidentRoles.Normalize(r)!).ToList() ?? fallback.RolesRequired,
                PublicCommunication = Bool(item, "publicCommunication") ?? fallback.PublicCommunication,
                PostmortemRequired = Bool(item, "postmortemRequired") ?? fallback.PostmortemRequired,
                PostmortemDue = Duration(item, "postmortemDue", allowNone: false) ?? fallback.PostmortemDue,
                MonitoringWindow = Duration(item, "monitoringWindow", allowNone: false) ?? fallback.MonitoringWindow,
            });
        }

        return new SeverityScale(levels);
    }

    private List<ServiceConfig> Services(YamlNode node, SeverityScale severities)
    {
        var services = new List<ServiceConfig>();
        foreach (var child in Sequence(node, "services").Children)
        {
            var item = Mapping(child, "a service");
            OnlyKeys(item, ["name", "team", "healthChecks", "probes"], "a service");
            var name = RequiredString(item, "name", "a service");
            if (services.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw Error(item, $"the service '{name}' is listed twice.");
            }

            var checks = new List<HealthCheck>();
            if (item.Children.TryGetValue(new YamlScalarNode("healthChecks"), out var checkNodes))
            {
                foreach (var checkNode in Sequence(checkNodes, "healthChecks").Children)
                {
                    var check = Mapping(checkNode, "a health check");
                    OnlyKeys(check, ["name", "url", "expectStatus", "bodyContains", "timeout"], "a health check");
                    var urlText = RequiredString(check, "url", "a health check");
                    if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    {
                        throw Error(check, $"'{urlText}' is not an http(s) URL; give the full address, like http://checkout.internal/healthz.");
                    }

                    var status = Int(check, "expectStatus") ?? 200;
                    if (status is < 100 or > 599)
                    {
                        throw Error(check, $"expectStatus {status} is not an HTTP status; use a number from 100 to 599.");
                    }

                    var timeout = Duration(check, "timeout", allowNone: false) ?? TimeSpan.FromSeconds(5);
                    if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(1))
                    {
                        throw Error(check, "timeout must be between 1s and 60s.");
                    }

                    checks.Add(new HealthCheck(OptionalString(check, "name") ?? $"{name} {url}", url, status, OptionalString(check, "bodyContains"), timeout));
                }
            }

            var probes = new List<ProbeConfig>();
            if (item.Children.TryGetValue(new YamlScalarNode("probes"), out var probeNodes))
            {
                foreach (var probeNode in Sequence(probeNodes, "probes").Children)
                {
                    var probe = Mapping(probeNode, "a probe");
                    OnlyKeys(probe, ["name", "url", "expectStatus", "bodyContains", "timeout", "interval", "latency", "certExpiryDays", "declare"], "a probe");
                    var urlText = RequiredString(probe, "url", "a probe");
                    if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    {
                        throw Error(probe, $"'{urlText}' is not an http(s) URL; give the full address, like https://checkout.example.com/healthz.");
                    }

                    var probeName = OptionalString(probe, "name") ?? $"{name.ToLowerInvariant()}-{url.Host}";
                    if (Core.Alerts.Integration.NameProblem(probeName) is { } badName)
                    {
                        throw Error(probe, $"probe {badName[16..]}");
                    }

                    if (services.SelectMany(x => x.Probes).Concat(probes).Any(x => x.Name == probeName))
                    {
                        throw Error(probe, $"the probe name '{probeName}' is used twice; give each probe its own name.");
                    }

                    var status = Int(probe, "expectStatus");
                    if (status is < 100 or > 599)
                    {
                        throw Error(probe, $"expectStatus {status} is not an HTTP status; use a number from 100 to 599.");
                    }

                    var timeout = Duration(probe, "timeout", allowNone: false) ?? TimeSpan.FromSeconds(5);
                    var interval = Duration(probe, "interval", allowNone: false) ?? TimeSpan.FromSeconds(60);
                    if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(1))
                    {
                        throw Error(probe, "timeout must be between 1s and 60s.");
                    }

                    if (interval < TimeSpan.FromSeconds(10) || interval > TimeSpan.FromDays(1) || interval < timeout)
                    {
                        throw Error(probe, "interval must be between 10s and 1d, and no shorter than the timeout.");
                    }

                    var days = Int(probe, "certExpiryDays");
                    if (days is < 1 or > 365)
                    {
                        throw Error(probe, "certExpiryDays is a number of days from 1 to 365.");
                    }

                    var declare = OptionalString(probe, "declare");
                    if (declare is not null && severities.Resolve(declare) is null)
                    {
                        throw Error(probe, $"declare '{declare}' is not a severity on the scale; use {string.Join(", ", severities.Levels.Select(l => l.Name))}.");
                    }

                    probes.Add(new ProbeConfig(probeName, name.ToLowerInvariant(), url, status, OptionalString(probe, "bodyContains"), timeout, interval, Duration(probe, "latency", allowNone: false), days, declare is null ? null : severities.Resolve(declare)!.Name));
                    checks.Add(new HealthCheck(probeName, url, status ?? 200, OptionalString(probe, "bodyContains"), timeout));
                }
            }

            services.Add(new ServiceConfig(name, checks) { Team = OptionalString(item, "team"), Probes = probes });
        }

        return services;
    }
}

using Firebreak.Core.Alerts;
using Firebreak.Core.Incidents;
using Firebreak.Server.Alerts;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Server.Configuration;

// alerts: the integrations that send alerts, their keys, grouping, routes to services and auto-declare rules.
public sealed partial class ConfigLoader
{
    private AlertConfig Alerts(YamlNode node, SeverityScale severities)
    {
        var map = Mapping(node, "alerts");
        OnlyKeys(map, ["integrations"], "alerts");
        if (!map.Children.TryGetValue(new YamlScalarNode("integrations"), out var list))
        {
            return AlertConfig.None;
        }

        var integrations = new List<AlertIntegration>();
        foreach (var child in Sequence(list, "alerts.integrations").Children)
        {
            var item = Mapping(child, "an integration");
            var name = RequiredString(item, "name", "an integration");
            var section = new ConfigSection(this, item, $"the integration '{name}'");
            section.OnlyKeys("name", "source", "keyEnv", "keyFile", "service", "groupBy", "window", "flapChanges", "routes", "declare", "mapping");
            if (Integration.NameProblem(name) is { } badName)
            {
                throw section.Error(badName);
            }

            if (integrations.Any(i => i.Name == name))
            {
                throw section.Error($"the integration '{name}' is listed twice.");
            }

            var source = section.RequiredString("source");
            if (Integration.SourceProblem(source) is { } badSource)
            {
                throw section.Error(badSource);
            }

            Core.Alerts.Sources.WebhookMapping? mapping = null;
            if (item.Children.TryGetValue(new YamlScalarNode("mapping"), out var mappingNode))
            {
                var m = new ConfigSection(this, Mapping(mappingNode, "mapping"), $"the mapping of '{name}'");
                m.OnlyKeys("title", "fingerprint", "status", "firing", "labels", "annotations", "startsAt", "link", "alerts");
                mapping = new Core.Alerts.Sources.WebhookMapping(m.String("title") ?? string.Empty, m.String("fingerprint"), m.String("status"), m.Strings("firing"), m.String("labels"), m.String("annotations"), m.String("startsAt"), m.String("link"), m.String("alerts"));
            }

            if (Integration.MappingProblem(source, mapping) is { } badMapping)
            {
                throw section.Error(badMapping);
            }

            var key = section.Secret("key", required: true)!;
            if (source == AlertSources.PagerDuty && key.Reveal().Length != Core.Alerts.Sources.PagerDutySource.RoutingKeyLength)
            {
                throw section.Error($"a pagerduty integration's key is its routing_key and must be {Core.Alerts.Sources.PagerDutySource.RoutingKeyLength} characters long (senders refuse other lengths); the one in {key.Source} is {key.Reveal().Length}.");
            }

            if (key.Reveal().Length < 16)
            {
                throw section.Error($"the key in {key.Source} is shorter than 16 characters; make a long random one (openssl rand -hex 16).");
            }

            if (integrations.FirstOrDefault(i => i.Accepts(key.Reveal())) is { } shared)
            {
                throw section.Error($"its key is the one of the integration '{shared.Name}'; each integration needs its own key.");
            }

            var groupBy = section.Strings("groupBy") ?? (source is AlertSources.Prometheus ? ["alertname", "service"] : []);
            var window = section.Duration("window") ?? AlertPolicy.DefaultWindow;
            var flap = section.Int("flapChanges") ?? AlertPolicy.DefaultFlapChanges;
            if (flap < 2)
            {
                throw section.Error("flapChanges must be 2 or more (changes between firing and resolved within the window).");
            }

            var routes = new List<AlertRoute>();
            if (item.Children.TryGetValue(new YamlScalarNode("routes"), out var routesNode))
            {
                foreach (var r in Sequence(routesNode, "routes").Children)
                {
                    var route = new ConfigSection(this, Mapping(r, "a route"), $"a route of '{name}'");
                    route.OnlyKeys("match", "service");
                    routes.Add(new AlertRoute(Match(route), route.RequiredString("service").Trim().ToLowerInvariant()));
                }
            }

            var declare = new List<DeclareRule>();
            if (item.Children.TryGetValue(new YamlScalarNode("declare"), out var declareNode))
            {
                foreach (var d in Sequence(declareNode, "declare").Children)
                {
                    var rule = new ConfigSection(this, Mapping(d, "a declare rule"), $"a declare rule of '{name}'");
                    rule.OnlyKeys("match", "severity", "status");
                    var severity = rule.RequiredString("severity");
                    var level = severities.Resolve(severity) ?? throw rule.Error($"severity '{severity}' is not on the scale; use {string.Join(", ", severities.Levels.Select(l => l.Name))}.");
                    var (triage, badStatus) = Integration.DeclareStatus(rule.String("status"));
                    if (badStatus is not null)
                    {
                        throw rule.Error(badStatus);
                    }

                    declare.Add(new DeclareRule(Match(rule), level.Name, triage));
                }
            }

            integrations.Add(new AlertIntegration(name, source, AlertIntegration.Digest(key.Reveal()), new AlertPolicy
            {
                GroupBy = groupBy,
                Service = section.String("service")?.Trim().ToLowerInvariant(),
                Routes = routes,
                Declare = declare,
                Window = window,
                FlapChanges = flap,
            }, Mapping: mapping));
        }

        return new AlertConfig(integrations);
    }

    private LabelMatch Match(ConfigSection section)
    {
        if (!section.Map.Children.TryGetValue(new YamlScalarNode("match"), out var node))
        {
            return LabelMatch.Any;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Mapping(node, "match").Children)
        {
            labels[Scalar(key, "a label")] = Scalar(value, "a label's value");
        }

        return new LabelMatch(labels);
    }
}

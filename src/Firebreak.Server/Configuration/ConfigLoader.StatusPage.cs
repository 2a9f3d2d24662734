using Firebreak.Core.StatusPage;
using Firebreak.Server.StatusPage;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Server.Configuration;

// The status page slice's section: `statusPage` (its name and components).
public sealed partial class ConfigLoader
{
    private StatusPageConfig StatusPage(YamlMappingNode root, IReadOnlyList<ServiceConfig> services, Server.Notifications.NotificationsConfig notifications)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("statusPage"), out var node))
        {
            // Without a section, each configured service is a component of its own.
            return StatusPageConfig.Default with { Components = [.. services.Select(s => new StatusComponent(s.Name, null, null, [s.Name]))] };
        }

        var map = Mapping(node, "statusPage");
        OnlyKeys(map, ["name", "components", "maintenanceReminder", "uptime", "logoUrl", "accentColor", "links", "subscribers"], "statusPage");
        var section = new ConfigSection(this, map, "statusPage");
        var name = OptionalString(map, "name") ?? StatusPageConfig.Default.Name;
        if (name.Length > 100 || name.Any(char.IsControl))
        {
            throw Error(map, "statusPage.name must be one line of at most 100 characters.");
        }

        var components = new List<StatusComponent>();
        if (map.Children.TryGetValue(new YamlScalarNode("components"), out var list))
        {
            foreach (var child in Sequence(list, "statusPage.components").Children)
            {
                var item = Mapping(child, "a status page component");
                OnlyKeys(item, ["name", "group", "description", "services"], "a status page component");
                var component = RequiredString(item, "name", "a status page component");
                if (components.Any(c => string.Equals(c.Name, component, StringComparison.OrdinalIgnoreCase)))
                {
                    throw Error(item, $"the status page component '{component}' is declared twice.");
                }

                var covered = Strings(item, "services") ?? [];
                foreach (var service in covered)
                {
                    if (services.Count > 0 && services.All(s => !string.Equals(s.Name, service, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw Error(item, $"the component '{component}' names the service '{service}', which is not declared; the services are {string.Join(", ", services.Select(s => s.Name))}.");
                    }
                }

                components.Add(new StatusComponent(component, OptionalString(item, "group"), OptionalString(item, "description"), covered));
            }
        }

        var remind = section.Duration("maintenanceReminder") ?? StatusPageConfig.Default.RemindAhead;
        if (remind < TimeSpan.Zero || remind > TimeSpan.FromDays(7))
        {
            throw section.Error("statusPage.maintenanceReminder must be between 0 (no announcement ahead) and 7d.");
        }

        var weights = UptimeWeights.Default;
        if (map.Children.TryGetValue(new YamlScalarNode("uptime"), out var uptimeNode))
        {
            var uptime = new ConfigSection(this, Mapping(uptimeNode, "statusPage.uptime"), "statusPage.uptime");
            uptime.OnlyKeys("majorOutage", "partialOutage", "degradedPerformance");
            double Weight(string key, double fallback)
            {
                var percent = uptime.Int(key);
                if (percent is < 0 or > 100)
                {
                    throw uptime.Error($"statusPage.uptime.{key} is the percentage of the time counted as down: a whole number from 0 to 100.");
                }

                return percent is { } p ? p / 100.0 : fallback;
            }

            weights = new UptimeWeights(Weight("majorOutage", weights.MajorOutage), Weight("partialOutage", weights.PartialOutage), Weight("degradedPerformance", weights.DegradedPerformance));
        }

        var accent = section.String("accentColor") ?? StatusPageConfig.Default.Accent;
        if (!System.Text.RegularExpressions.Regex.IsMatch(accent, "^#[0-9a-fA-F]{6}$"))
        {
            throw section.Error("statusPage.accentColor must be a colour as #rrggbb, for example #1f4f99.");
        }

        var logo = section.Url("logoUrl");
        var links = new List<StatusLink>();
        if (map.Children.TryGetValue(new YamlScalarNode("links"), out var linksNode))
        {
            foreach (var child in Sequence(linksNode, "statusPage.links").Children)
            {
                var link = new ConfigSection(this, Mapping(child, "a status page link"), "a status page link");
                link.OnlyKeys("name", "url");
                var text = link.RequiredString("name");
                if (text.Length > 60 || text.Any(char.IsControl))
                {
                    throw link.Error("a status page link's name is one line of at most 60 characters.");
                }

                links.Add(new StatusLink(text, link.Url("url") ?? throw link.Error("a status page link needs a url.")));
            }
        }

        var subscribers = SubscribersConfig.None;
        if (map.Children.TryGetValue(new YamlScalarNode("subscribers"), out var subscribersNode))
        {
            var section2 = new ConfigSection(this, Mapping(subscribersNode, "statusPage.subscribers"), "statusPage.subscribers");
            section2.OnlyKeys("email", "webhooks", "signUpsPerHour");
            var perHour = section2.Int("signUpsPerHour") ?? subscribers.SignUpsPerHour;
            if (perHour is < 1 or > 1000)
            {
                throw section2.Error("statusPage.subscribers.signUpsPerHour must be a whole number from 1 to 1000.");
            }

            var email = section2.String("email");
            if (email is not null && notifications.Channels.FirstOrDefault(c => c.Name == email) is not Server.Notifications.Channels.Email.EmailOptions)
            {
                throw section2.Error($"statusPage.subscribers.email names '{email}', which is not an email channel; declare it under channels with type: email (its mail server and from address send the subscribers' mail).");
            }

            subscribers = new SubscribersConfig(email, section2.Bool("webhooks") ?? false, perHour);
        }

        return new StatusPageConfig(name, components)
        {
            Subscribers = subscribers,
            RemindAhead = remind,
            Weights = weights,
            LogoUrl = logo,
            Accent = accent.ToLowerInvariant(),
            Links = links,
        };
    }
}

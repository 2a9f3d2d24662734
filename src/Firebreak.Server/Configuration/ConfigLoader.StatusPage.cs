using Firebreak.Core.StatusPage;
using Firebreak.Server.StatusPage;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Server.Configuration;

// The status page slice's section: `statusPage` (its name and components).
public sealed partial class ConfigLoader
{
    private StatusPageConfig StatusPage(YamlMappingNode root, IReadOnlyList<ServiceConfig> services)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("statusPage"), out var node))
        {
            // Without a section, each configured service is a component of its own.
            return StatusPageConfig.Default with { Components = [.. services.Select(s => new StatusComponent(s.Name, null, null, [s.Name]))] };
        }

        var map = Mapping(node, "statusPage");
        OnlyKeys(map, ["name", "components"], "statusPage");
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

        return new StatusPageConfig(name, components);
    }
}

using Firebreak.Core.Postmortems;
using Firebreak.Server.Postmortems;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Server.Configuration;

// postmortems: the blameless-language rules (more of them, or some of the built-in ones turned off).
public sealed partial class ConfigLoader
{
    private PostmortemConfig Postmortems(YamlNode node)
    {
        var map = Mapping(node, "postmortems");
        OnlyKeys(map, ["blame"], "postmortems");
        if (!map.Children.TryGetValue(new YamlScalarNode("blame"), out var blameNode))
        {
            return PostmortemConfig.Default;
        }

        var blame = Mapping(blameNode, "postmortems.blame");
        OnlyKeys(blame, ["rules", "disabled"], "postmortems.blame");
        var disabled = Strings(blame, "disabled") ?? [];
        foreach (var id in disabled)
        {
            if (BlamelessCheck.DefaultRules.All(r => r.Id != id))
            {
                throw Error(blame, $"'{id}' is not a built-in blame rule; the rules are {string.Join(", ", BlamelessCheck.DefaultRules.Select(r => r.Id))}.");
            }
        }

        var rules = new List<LanguageRule>();
        if (blame.Children.TryGetValue(new YamlScalarNode("rules"), out var rulesNode))
        {
            foreach (var child in Sequence(rulesNode, "rules").Children)
            {
                var rule = Mapping(child, "a blame rule");
                OnlyKeys(rule, ["id", "pattern", "message", "suggestion"], "a blame rule");
                rules.Add(new LanguageRule(
                    RequiredString(rule, "id", "a blame rule"),
                    RequiredString(rule, "pattern", "a blame rule"),
                    RequiredString(rule, "message", "a blame rule"),
                    RequiredString(rule, "suggestion", "a blame rule")));
            }
        }

        try
        {
            return new PostmortemConfig(new BlamelessCheck(rules, disabled));
        }
        catch (ArgumentException e)
        {
            throw Error(blame, $"a blame rule's pattern is not a valid regular expression: {e.Message}");
        }
    }
}

using Firebreak.Core.Postmortems;
using Firebreak.Server.Postmortems;
using Firebreak.Server.Postmortems.Trackers;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Server.Configuration;

// postmortems: the blameless-language rules (more of them, or some of the built-in ones turned off).
public sealed partial class ConfigLoader
{
    private PostmortemConfig Postmortems(YamlNode node)
    {
        var map = Mapping(node, "postmortems");
        OnlyKeys(map, ["blame", "trackers"], "postmortems");
        var trackers = map.Children.TryGetValue(new YamlScalarNode("trackers"), out var trackersNode) ? Trackers(trackersNode) : [];
        if (!map.Children.TryGetValue(new YamlScalarNode("blame"), out var blameNode))
        {
            return PostmortemConfig.Default with { Trackers = trackers };
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
            return new PostmortemConfig(new BlamelessCheck(rules, disabled)) { Trackers = trackers };
        }
        catch (ArgumentException e)
        {
            throw Error(blame, $"a blame rule's pattern is not a valid regular expression: {e.Message}");
        }
    }

    private List<TrackerOptions> Trackers(YamlNode node)
    {
        var trackers = new List<TrackerOptions>();
        foreach (var child in Sequence(node, "trackers").Children)
        {
            var map = Mapping(child, "a tracker");
            var name = RequiredString(map, "name", "a tracker");
            var section = new ConfigSection(this, map, $"the tracker '{name}'");
            section.OnlyKeys("name", "type", "url", "private", "repo", "project", "issueType", "user", "labels", "secret", "secretEnv", "secretFile", "token", "tokenEnv", "tokenFile");
            if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9][a-z0-9-]{0,40}$"))
            {
                throw section.Error($"the tracker name '{name}' must be lowercase letters, digits and dashes (it names a delivery channel).");
            }

            if (trackers.Any(t => t.Name == name))
            {
                throw section.Error($"the tracker '{name}' is listed twice.");
            }

            var type = section.RequiredString("type");
            var isPrivate = section.Bool("private") ?? false;
            var labels = section.Strings("labels") ?? [];
            trackers.Add(type switch
            {
                TrackerOptions.Webhook => new TrackerOptions(name, type, section.Url("url") ?? throw section.Error("a webhook tracker needs 'url'."), isPrivate)
                {
                    Secret = section.Secret("secret", required: true),
                    Labels = labels,
                },
                TrackerOptions.GitHub => new TrackerOptions(name, type, section.Url("url") ?? new Uri("https://api.github.com"), isPrivate)
                {
                    Repo = section.String("repo") is { } repo && System.Text.RegularExpressions.Regex.IsMatch(repo, "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
                        ? repo
                        : throw section.Error("a github tracker needs 'repo' as owner/name, for example acme/platform."),
                    Token = section.Secret("token", required: true),
                    Labels = labels,
                },
                TrackerOptions.Jira => new TrackerOptions(name, type, section.Url("url") ?? throw section.Error("a jira tracker needs 'url', the site's address (https://acme.atlassian.net)."), isPrivate)
                {
                    Project = section.String("project") ?? throw section.Error("a jira tracker needs 'project', the project key (OPS)."),
                    IssueType = section.String("issueType") ?? "Task",
                    User = section.String("user"),
                    Token = section.Secret("token", required: true),
                    Labels = labels,
                },
                _ => throw section.Error($"'{type}' is not a tracker type; use {string.Join(", ", TrackerOptions.Types)}."),
            });
        }

        return trackers;
    }
}

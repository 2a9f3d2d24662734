using System.Globalization;
using System.Text.RegularExpressions;
using Firebreak.Core.Updates;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Server.Configuration;

// Guardrail settings, update templates, evidence limits and the verification interval.
public sealed partial class ConfigLoader
{
    private GuardrailOptions Guardrails(YamlNode node)
    {
        var map = Mapping(node, "guardrails");
        var rules = new Dictionary<string, GuardrailRule>();
        foreach (var (keyNode, value) in map.Children)
        {
            var id = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (!GuardrailOptions.Defaults.TryGetValue(id, out var defaults))
            {
                throw Error(keyNode, $"there is no guardrail '{id}'; the guardrails are {string.Join(", ", GuardrailOptions.Defaults.Keys)}.");
            }

            var rule = Mapping(value, $"guardrail {id}");
            OnlyKeys(rule, ["enabled", "after", "level"], $"guardrail {id}");
            var level = defaults.Level;
            if (OptionalString(rule, "level") is { } levelText && !WireNames.TryParse(levelText, out level))
            {
                throw Error(rule, $"level '{levelText}' is not one of info, warn, block.");
            }

            rules[id] = new GuardrailRule(Bool(rule, "enabled") ?? defaults.Enabled, Duration(rule, "after", allowNone: false) ?? defaults.After, level);
        }

        return new GuardrailOptions(rules);
    }

    private UpdateTemplates Templates(YamlNode node)
    {
        var map = Mapping(node, "templates");
        var texts = new Dictionary<string, string>();
        foreach (var (keyNode, value) in map.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (!UpdateTemplates.Defaults.ContainsKey(name))
            {
                throw Error(keyNode, $"there is no template '{name}'; the templates are {string.Join(", ", UpdateTemplates.Defaults.Keys)}.");
            }

            var text = Scalar(value, $"template {name}");
            if (UpdateTemplates.UnknownPlaceholders(text) is { Count: > 0 } unknown)
            {
                throw Error(value, $"template '{name}' uses unknown placeholders {string.Join(", ", unknown.Select(u => "{{" + u + "}}"))}; the known ones are {string.Join(", ", UpdateTemplates.Placeholders)}.");
            }

            texts[name] = text;
        }

        return new UpdateTemplates(texts);
    }

    private long Evidence(YamlNode node)
    {
        var map = Mapping(node, "evidence");
        OnlyKeys(map, ["maxFileSize"], "evidence");
        if (!map.Children.TryGetValue(new YamlScalarNode("maxFileSize"), out var sizeNode))
        {
            return FirebreakConfig.DefaultMaxEvidenceBytes;
        }

        var text = Scalar(sizeNode, "maxFileSize");
        var match = SizePattern().Match(text);
        if (!match.Success)
        {
            throw Error(sizeNode, $"maxFileSize '{text}' is not a size; write it like 10MB, 512KB or 1GB.");
        }

        var bytes = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * match.Groups[2].Value.ToUpperInvariant() switch
        {
            "KB" => 1024L,
            "MB" => 1024L * 1024,
            "GB" => 1024L * 1024 * 1024,
            _ => 1L,
        };
        if (bytes is < 1024 or > 1024L * 1024 * 1024)
        {
            throw Error(sizeNode, "maxFileSize must be between 1KB and 1GB.");
        }

        return bytes;
    }

    private TimeSpan Verification(YamlNode node)
    {
        var map = Mapping(node, "verification");
        OnlyKeys(map, ["interval"], "verification");
        var interval = Duration(map, "interval", allowNone: false) ?? TimeSpan.FromSeconds(30);
        if (interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromMinutes(10))
        {
            throw Error(map, "verification interval must be between 1s and 10m.");
        }

        return interval;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Firebreak.Core.Updates;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Server.Configuration;

/// <summary>
/// Reads firebreak.yaml into a <see cref="FirebreakConfig"/>. Every mistake is reported with the
/// file, the line and the fix, so a wrong setting never starts a server that behaves differently
/// from what its operator wrote.
/// </summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] TopLevel = ["severities", "services", "guardrails", "templates", "evidence", "verification", "notifications", "channels", "routes", "statusPage", "postmortems", "alerts"];
    private readonly string _file;

    private ConfigLoader(string file) => _file = file;

    /// <summary>The built-in defaults when <paramref name="path"/> is null and there is no ./firebreak.yaml.</summary>
    public static FirebreakConfig Load(string? path)
    {
        var file = path ?? (File.Exists("firebreak.yaml") ? "firebreak.yaml" : null);
        if (file is null)
        {
            return new FirebreakConfig();
        }

        if (!File.Exists(file))
        {
            throw new ConfigException(file, 0, "the configuration file does not exist; fix the --config path or create the file.");
        }

        return Parse(File.ReadAllText(file), file);
    }

    public static FirebreakConfig Parse(string yaml, string file)
    {
        var loader = new ConfigLoader(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException invalid)
        {
            throw new ConfigException(file, invalid.Start.Line, $"this is not valid YAML ({invalid.InnerException?.Message ?? invalid.Message}); check the indentation and quoting.");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new FirebreakConfig { Source = file };
        }

        var root = loader.Mapping(stream.Documents[0].RootNode, "the top level");
        loader.OnlyKeys(root, TopLevel, "the top level");
        var severities = root.Children.TryGetValue(new YamlScalarNode("severities"), out var s) ? loader.Severities(s) : SeverityScale.Default;
        List<ServiceConfig> services = root.Children.TryGetValue(new YamlScalarNode("services"), out var servicesNode) ? loader.Services(servicesNode, severities) : [];
        var notifications = loader.Notifications(root, severities);
        return new FirebreakConfig
        {
            Source = file,
            Severities = severities,
            Services = services,
            Guardrails = root.Children.TryGetValue(new YamlScalarNode("guardrails"), out var g) ? loader.Guardrails(g) : GuardrailOptions.Default,
            Templates = root.Children.TryGetValue(new YamlScalarNode("templates"), out var t) ? loader.Templates(t) : UpdateTemplates.Default,
            MaxEvidenceBytes = root.Children.TryGetValue(new YamlScalarNode("evidence"), out var e) ? loader.Evidence(e) : FirebreakConfig.DefaultMaxEvidenceBytes,
            VerificationInterval = root.Children.TryGetValue(new YamlScalarNode("verification"), out var v) ? loader.Verification(v) : TimeSpan.FromSeconds(30),
            Notifications = notifications,
            StatusPage = loader.StatusPage(root, services, notifications),
            Postmortems = root.Children.TryGetValue(new YamlScalarNode("postmortems"), out var pm) ? loader.Postmortems(pm) : Firebreak.Server.Postmortems.PostmortemConfig.Default,
            Alerts = root.Children.TryGetValue(new YamlScalarNode("alerts"), out var alerts) ? loader.Alerts(alerts, severities) : Firebreak.Server.Alerts.AlertConfig.None,
        };
    }

    private TimeSpan? Duration(YamlMappingNode map, string key, bool allowNone)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return null;
        }

        var text = Scalar(node, key).Trim();
        if (allowNone && text is "none" or "off")
        {
            return null;
        }

        return Core.Common.Durations.Parse(text)
            ?? throw Error(node, $"{key} '{text}' is not a duration; write it like 30s, 15m, 2h or 1d{(allowNone ? ", or none" : string.Empty)}.");
    }

    private YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of keys to values.");

    private YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"'{what}' must be a list (items starting with '- ').");

    private string Scalar(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"'{what}' must be a single value.");

    private string RequiredString(YamlMappingNode map, string key, string what) =>
        OptionalString(map, key) is { Length: > 0 } value ? value : throw Error(map, $"{what} needs '{key}'.");

    private string? OptionalString(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? Scalar(node, key) : null;

    private IReadOnlyList<string>? Strings(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? [.. Sequence(node, key).Children.Select(c => Scalar(c, key))]
            : null;

    private bool? Bool(YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return null;
        }

        var text = Scalar(node, key);
        return bool.TryParse(text, out var value) ? value : throw Error(node, $"{key} must be true or false, not '{text}'.");
    }

    private int? Int(YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return null;
        }

        var text = Scalar(node, key);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw Error(node, $"{key} must be a whole number, not '{text}'.");
    }

    private void OnlyKeys(YamlMappingNode map, string[] allowed, string what)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!allowed.Contains(name))
            {
                throw Error(key, $"unknown key '{name}' in {what}; the keys are {string.Join(", ", allowed)}.");
            }
        }
    }

    private ConfigException Error(YamlNode node, string message) => new(_file, node.Start.Line, message);

    // What a slice's ConfigSection reads through.
    internal void OnlyKeysOf(YamlMappingNode map, string[] allowed, string what) => OnlyKeys(map, allowed, what);

    internal string? OptionalStringOf(YamlMappingNode map, string key) => OptionalString(map, key);

    internal string RequiredStringOf(YamlMappingNode map, string key, string what) => RequiredString(map, key, what);

    internal IReadOnlyList<string>? StringsOf(YamlMappingNode map, string key) => Strings(map, key);

    internal bool? BoolOf(YamlMappingNode map, string key) => Bool(map, key);

    internal int? IntOf(YamlMappingNode map, string key) => Int(map, key);

    internal TimeSpan? DurationOf(YamlMappingNode map, string key) => Duration(map, key, allowNone: false);

    internal ConfigException ErrorAt(YamlNode node, string message) => Error(node, message);

    [GeneratedRegex(@"^(\d{1,10})\s*(B|KB|MB|GB)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}

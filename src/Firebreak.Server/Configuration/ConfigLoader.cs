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
    private static readonly string[] TopLevel = ["severities", "services", "guardrails", "templates", "evidence", "verification"];
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
        return new FirebreakConfig
        {
            Source = file,
            Severities = severities,
            Services = root.Children.TryGetValue(new YamlScalarNode("services"), out var services) ? loader.Services(services) : [],
            Guardrails = root.Children.TryGetValue(new YamlScalarNode("guardrails"), out var g) ? loader.Guardrails(g) : GuardrailOptions.Default,
            Templates = root.Children.TryGetValue(new YamlScalarNode("templates"), out var t) ? loader.Templates(t) : UpdateTemplates.Default,
            MaxEvidenceBytes = root.Children.TryGetValue(new YamlScalarNode("evidence"), out var e) ? loader.Evidence(e) : FirebreakConfig.DefaultMaxEvidenceBytes,
            VerificationInterval = root.Children.TryGetValue(new YamlScalarNode("verification"), out var v) ? loader.Verification(v) : TimeSpan.FromSeconds(30),
        };
    }

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

    private List<ServiceConfig> Services(YamlNode node)
    {
        var services = new List<ServiceConfig>();
        foreach (var child in Sequence(node, "services").Children)
        {
            var item = Mapping(child, "a service");
            OnlyKeys(item, ["name", "healthChecks"], "a service");
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

            services.Add(new ServiceConfig(name, checks));
        }

        return services;
    }

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

        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            throw Error(node, $"{key} '{text}' is not a duration; write it like 30s, 15m, 2h or 1d{(allowNone ? ", or none" : string.Empty)}.");
        }

        var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
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

    [GeneratedRegex(@"^(\d{1,6})(s|m|h|d)$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(\d{1,10})\s*(B|KB|MB|GB)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}

using YamlDotNet.RepresentationModel;

namespace Firebreak.Server.Configuration;

/// <summary>
/// One mapping of firebreak.yaml as a slice reads it (a channel, a route): typed values, and errors
/// that name the file, the line and the fix, the same way the rest of the file is read.
/// </summary>
public sealed class ConfigSection
{
    private readonly ConfigLoader _loader;

    internal ConfigSection(ConfigLoader loader, YamlMappingNode map, string what)
    {
        _loader = loader;
        Map = map;
        What = what;
    }

    /// <summary>What the mapping is, for messages: "the channel 'ops'".</summary>
    public string What { get; }

    internal YamlMappingNode Map { get; }

    public void OnlyKeys(params string[] allowed) => _loader.OnlyKeysOf(Map, allowed, What);

    public string? String(string key) => _loader.OptionalStringOf(Map, key);

    public string RequiredString(string key) => _loader.RequiredStringOf(Map, key, What);

    public IReadOnlyList<string>? Strings(string key) => _loader.StringsOf(Map, key);

    public bool? Bool(string key) => _loader.BoolOf(Map, key);

    public int? Int(string key) => _loader.IntOf(Map, key);

    public TimeSpan? Duration(string key) => _loader.DurationOf(Map, key);

    /// <summary>An http(s) address under <paramref name="key"/>, or null when the key is absent.</summary>
    public Uri? Url(string key)
    {
        if (String(key) is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw Error($"{key} '{text}' is not an http(s) URL; give the full address, like https://hooks.example.com/x.");
    }

    /// <summary>
    /// A secret named by <c>{key}Env</c> (an environment variable) or <c>{key}File</c> (a file whose
    /// content, trimmed, is the value). A literal <paramref name="key"/> is refused: secrets stay out of the file.
    /// </summary>
    public Secret? Secret(string key, bool required)
    {
        if (Map.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: var name } && name == key) is { } literal)
        {
            throw _loader.ErrorAt(literal, $"'{key}' is a secret and must not be written in the file; give the name of an environment variable as {key}Env, or a file as {key}File.");
        }

        var env = String(key + "Env");
        var file = String(key + "File");
        if (env is not null && file is not null)
        {
            throw Error($"give {key}Env or {key}File, not both.");
        }

        if (env is not null)
        {
            var value = Environment.GetEnvironmentVariable(env);
            return string.IsNullOrWhiteSpace(value)
                ? throw Error($"the environment variable {env} ({key}Env) is not set or empty; set it before starting Firebreak.")
                : new Secret(value.Trim(), $"environment variable {env}");
        }

        if (file is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Error($"the file {file} ({key}File) cannot be read ({e.GetType().Name}); check the path and its permissions.");
            }

            return text.Length == 0 ? throw Error($"the file {file} ({key}File) is empty.") : new Secret(text, $"file {file}");
        }

        return required ? throw Error($"{What} needs {key}Env (an environment variable) or {key}File (a file) holding its {key}.") : null;
    }

    public ConfigException Error(string message) => _loader.ErrorAt(Map, message);
}

using Microsoft.Extensions.Configuration;

namespace Firebreak.Server.Hosting;

/// <summary>
/// Where Firebreak listens and keeps its data. Each setting comes from the command line
/// (--urls, --status-urls, --data, --database) or else the environment (FIREBREAK__URLS, FIREBREAK__STATUSURLS,
/// FIREBREAK__DATA, FIREBREAK__DATABASE). <see cref="StatusUrls"/>, when set, are listeners of their own on which
/// only the public status page answers.
/// </summary>
public sealed record FirebreakOptions(string Urls, string DataDirectory, string? Database, string? BootstrapAdminToken, string? StatusUrls = null)
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static FirebreakOptions From(IConfiguration configuration) => new(
        Urls: Setting(configuration, "urls") ?? DefaultUrls,
        DataDirectory: Path.GetFullPath(Setting(configuration, "data") ?? "data"),
        Database: Setting(configuration, "database"),
        BootstrapAdminToken: configuration["FIREBREAK_BOOTSTRAP_ADMIN_TOKEN"] is { Length: > 0 } token ? token : null,
        StatusUrls: Setting(configuration, "statusUrls") ?? Setting(configuration, "status-urls"));

    private static string? Setting(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value
        : configuration[$"Firebreak:{key}"] is { Length: > 0 } fromEnvironment ? fromEnvironment
        : null;
}

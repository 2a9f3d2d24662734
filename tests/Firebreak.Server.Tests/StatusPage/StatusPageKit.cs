using System.Net;
using System.Text.Json;
using Firebreak.Server.StatusPage;
using Firebreak.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>What the component, impact and maintenance tests share: a page with three components, and reading the public side after a rebuild.</summary>
public static class StatusPageKit
{
    /// <summary>Checkout and Search (group Shop) follow one service each; API covers both.</summary>
    public const string Config = """
        services:
          - name: checkout
          - name: search
        statusPage:
          name: Acme
          components:
            - name: Checkout
              group: Shop
              services: [checkout]
            - name: Search
              group: Shop
              services: [search]
            - name: API
              services: [checkout, search]
        """;

    public const string ComponentsJson = "/api/v2/components.json";

    /// <summary>Rebuilds the snapshot now, so what follows reads the current state.</summary>
    public static Task RebuildAsync(this FirebreakFactory factory) =>
        factory.Services.GetRequiredService<StatusSnapshots>().RebuildAsync(CancellationToken.None);

    /// <summary>A public /api/v2 body, read without credentials after a rebuild.</summary>
    public static async Task<JsonElement> PublicJsonAsync(this FirebreakFactory factory, string path)
    {
        await factory.RebuildAsync();
        using var anonymous = factory.Anonymous();
        using var response = await anonymous.GetAsync(path);
        return await HttpAssert.JsonAsync(response);
    }

    /// <summary>A public text body (/status, the feed), read without credentials after a rebuild.</summary>
    public static async Task<string> PublicTextAsync(this FirebreakFactory factory, string path)
    {
        await factory.RebuildAsync();
        using var anonymous = factory.Anonymous();
        using var response = await anonymous.GetAsync(path);
        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Every component's status on /api/v2/components.json (groups left out), by name.</summary>
    public static async Task<Dictionary<string, string>> PublicStatusesAsync(this FirebreakFactory factory)
    {
        var body = await factory.PublicJsonAsync(ComponentsJson);
        return body.GetProperty("components").EnumerateArray()
            .Where(c => !c.GetProperty("group").GetBoolean())
            .ToDictionary(c => c.Str("name"), c => c.Str("status"), StringComparer.Ordinal);
    }

    /// <summary>One component as the admin API shows it.</summary>
    public static async Task<JsonElement> AdminComponentAsync(this HttpClient client, string name)
    {
        var list = await HttpAssert.JsonAsync(await client.GetAsync("/api/v1/status/components"));
        return list.GetProperty("items").EnumerateArray().Single(c => c.Str("name") == name);
    }

    /// <summary>The scheduled_maintenances of a public body.</summary>
    public static IReadOnlyList<JsonElement> Maintenances(this JsonElement body) =>
        [.. body.GetProperty("scheduled_maintenances").EnumerateArray()];
}

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Support;

/// <summary>
/// One method on one route the server maps, with its parameters filled in so it can be called.
/// <see cref="ContentType"/> is the first body type it declares (null when it takes no body).
/// </summary>
public sealed record ApiRoute(string Method, string Pattern, string Path, string? ContentType)
{
    public bool AcceptsBody => ContentType is not null;

    public bool AcceptsJson => ContentType == "application/json";

    /// <summary>An empty body of the type the route takes: {} for JSON routes, no bytes for raw ones.</summary>
    public HttpContent? EmptyBody()
    {
        if (ContentType is null)
        {
            return null;
        }

        var content = new ByteArrayContent(AcceptsJson ? "{}"u8.ToArray() : []);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType);
        return content;
    }

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// Every route under /api, read from the running app's endpoint data source rather than written
/// down by hand, so a route added later is covered by the tests that use this list.
/// </summary>
public static partial class ApiRoutes
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = "1",
        ["tokenId"] = "1",
        ["username"] = "admin",
        ["mitigation"] = "1",
        ["entry"] = "3",
        ["checklist"] = "security",
        ["item"] = "1",
        ["evidence"] = "1",
        ["name"] = "ops",
        ["section"] = "summary",
        ["actionId"] = "1",
    };

    public static IReadOnlyList<ApiRoute> All(IServiceProvider services)
    {
        var source = services.GetRequiredService<EndpointDataSource>();
        var routes = new List<ApiRoute>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            // A group's "" route is "/api/v1/incidents/" in RawText; it is called (and documented) without the slash.
            var pattern = (endpoint.RoutePattern.RawText ?? string.Empty).TrimEnd('/');
            // /api/v2 is the public status page's Statuspage-compatible API: no credentials, by design (StatusPage tests).
            if (!pattern.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || pattern.StartsWith("/api/v2/", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // An endpoint without method metadata answers every method; the common ones stand for all.
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared
                ? declared
                : ["GET", "POST", "PUT", "PATCH", "DELETE"];
            var contentType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault();
            routes.AddRange(methods.Select(method => new ApiRoute(method, pattern, Fill(pattern), contentType)));
        }

        return routes;
    }

    /// <summary>Replaces each {parameter} (with any constraint) by a value that matches it; a parameter without a value here fails loudly.</summary>
    public static string Fill(string pattern) =>
        Parameter().Replace(pattern, m => Values.TryGetValue(m.Groups["name"].Value, out var value)
            ? value
            : throw new InvalidOperationException($"No test value for the route parameter {{{m.Groups["name"].Value}}} in {pattern}; add one to ApiRoutes.Values."));

    /// <summary>The route as OpenAPI spells it: parameters without their constraints.</summary>
    public static string OpenApiPath(string pattern) =>
        Parameter().Replace(pattern, m => "{" + m.Groups["name"].Value + "}");

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Parameter();
}

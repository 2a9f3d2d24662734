using Firebreak.Core.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Web;

/// <summary>What a form handler answers: back to the page on success (303), or the page again with the error.</summary>
public static class Forms
{
    public static IResult Back(string path, string? notice = null)
    {
        var local = Http.LocalUrl.OrDefault(path, "/");
        return new SeeOther(notice is null ? local : $"{local}{(local.Contains('?', StringComparison.Ordinal) ? '&' : '?')}notice={Uri.EscapeDataString(notice)}");
    }

    /// <summary>303 See Other: after a form post, the browser GETs the page (post/redirect/get).</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    /// <summary>Re-renders a page with the error, keeping the posted fields so a blocked action can be retried with an override.</summary>
    public static IResult Error<TPage>(Error error, IReadOnlyDictionary<string, object?> parameters)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var status = error switch
        {
            Core.Common.NotFound => StatusCodes.Status404NotFound,
            Forbidden => StatusCodes.Status403Forbidden,
            GuardrailBlocked or Core.Common.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return error is Core.Common.NotFound
            ? Page<NotFoundPage>(new Dictionary<string, object?>(), status)
            : Page<TPage>(parameters, status);
    }

    /// <summary>Renders a page as a whole document (layout, styles, script), as the router would.</summary>
    public static IResult Page<TPage>(IReadOnlyDictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        new RazorComponentResult<PageShell>(new Dictionary<string, object?>
        {
            [nameof(PageShell.Page)] = typeof(TPage),
            [nameof(PageShell.Parameters)] = parameters.ToDictionary(p => p.Key, p => p.Value!),
        })
        {
            StatusCode = status,
        };

    public static string? Field(this IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && value.ToString() is { Length: > 0 } text ? text : null;
}

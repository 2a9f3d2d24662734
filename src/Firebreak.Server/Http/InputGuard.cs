using System.Text;
using Firebreak.Core.Common;
using Firebreak.Server.Hosting;
using Firebreak.Server.Web;

namespace Firebreak.Server.Http;

/// <summary>
/// The edge check every request passes once, before any endpoint: the path, the query string, the
/// headers and the fields of a posted form may not hold a NUL or another control character (tabs and
/// line breaks aside; the path is one line). PostgreSQL cannot store a NUL in text at all, so without
/// this a NUL anywhere would reach the database and fail there. JSON bodies get the same check as
/// <see cref="RequestBody"/> reads them; Core's text checks then hold titles and names to one line.
/// A refusal is a 400 naming the field: problem+json for the API, the "not accepted" page for a browser.
/// </summary>
public static class InputGuard
{
    /// <summary>Runs after routing and authorization (so a form is read with its endpoint's size limit, and only for a caller let in) and before antiforgery.</summary>
    public static void UseInputGuard(this WebApplication app) => app.Use(GuardAsync);

    private static async Task GuardAsync(HttpContext http, RequestDelegate next)
    {
        var refused = Check(http.Request) ?? await CheckFormAsync(http.Request);
        if (refused is null)
        {
            await next(http);
            return;
        }

        var result = WebModule.WantsPage(http.Request)
            ? Forms.Page<BadRequestPage>(new Dictionary<string, object?> { [nameof(BadRequestPage.Field)] = refused.Field, [nameof(BadRequestPage.Message)] = refused.Message }, StatusCodes.Status400BadRequest)
            : Problems.From(refused);
        await result.ExecuteAsync(http);
    }

    private static Invalid? Check(HttpRequest request)
    {
        if (Text.Forbidden("path", request.Path.Value ?? string.Empty, line: true) is { } path)
        {
            return path;
        }

        foreach (var (name, values) in request.Query)
        {
            if (Pair("query", name, values) is { } query)
            {
                return query;
            }
        }

        foreach (var (name, values) in request.Headers)
        {
            if (Pair("header", name, values) is { } header)
            {
                return header;
            }
        }

        return null;
    }

    /// <summary>
    /// A url-encoded form is checked from its raw text: the framework's own reader refuses a NUL by
    /// failing to read the whole form, which would lose the antiforgery token with it and say nothing
    /// of the field. A multipart form (a file upload) is read as the endpoint will read it.
    /// </summary>
    private static async Task<Invalid?> CheckFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            return await CheckUrlEncodedAsync(request);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // A form that cannot be read is refused where it is read for its antiforgery token.
            return null;
        }

        foreach (var (name, values) in form)
        {
            if (Pair("form", name, values) is { } field)
            {
                return field;
            }
        }

        foreach (var file in form.Files)
        {
            if ((Text.Forbidden("file name", file.FileName, line: true) ?? Text.Forbidden("file type", file.ContentType ?? string.Empty, line: true)) is { } named)
            {
                return named with { Field = file.Name };
            }
        }

        return null;
    }

    private static async Task<Invalid?> CheckUrlEncodedAsync(HttpRequest request)
    {
        if (request.ContentLength > FirebreakApp.MaxRequestBodyBytes)
        {
            return null;
        }

        request.EnableBuffering();
        string body;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        catch (IOException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }

        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            if (Pair("form", name, value) is { } field)
            {
                return field;
            }
        }

        return null;
    }

    private static string Decode(string encoded) => Uri.UnescapeDataString(encoded.Replace('+', ' '));

    /// <summary>A name and its values: the name is one line (else the error names the kind of field), the values may be text bodies.</summary>
    private static Invalid? Pair(string kind, string name, Microsoft.Extensions.Primitives.StringValues values)
    {
        if (Text.Forbidden(kind, name, line: true) is { } badName)
        {
            return badName with { Message = $"A {kind} field's name contains control characters; remove them." };
        }

        foreach (var value in values)
        {
            // A part of a multipart form whose header cannot be read comes without a name.
            if (Text.Forbidden(name.Length == 0 ? kind : name, value ?? string.Empty, line: false) is { } badValue)
            {
                return badValue;
            }
        }

        return null;
    }
}

using Firebreak.Core.Common;

namespace Firebreak.Server.Http;

/// <summary>The request body is over the size limit.</summary>
public sealed record TooLarge(string Message) : Error(Message);

/// <summary>The caller gave no credentials this endpoint accepts; 401.</summary>
public sealed record Unauthenticated(string Message) : Error(Message);

/// <summary>Too many requests of this kind from the caller for now; 429 with Retry-After.</summary>
public sealed record TooMany(string Message) : Error(Message);

/// <summary>The request body is not JSON.</summary>
public sealed record UnsupportedMediaType(string Message) : Error(Message);

/// <summary>The If-Match version no longer matches: nothing was written.</summary>
public sealed record PreconditionFailed(string Message, long CurrentVersion) : Error(Message);

/// <summary>Maps every expected failure to one problem+json response, in one place.</summary>
public static class Problems
{
    /// <summary>What to say for the answers the framework gives before any endpoint runs; ours always carry a detail.</summary>
    public static string? DefaultDetail(HttpContext http, int? status) => status switch
    {
        StatusCodes.Status404NotFound => "There is no such route; see /openapi/v1.json for the API.",
        StatusCodes.Status405MethodNotAllowed => "This route does not take that HTTP method; see /openapi/v1.json.",
        StatusCodes.Status415UnsupportedMediaType => $"Send the body as JSON with 'Content-Type: application/json', not '{http.Request.ContentType}'.",
        _ => null,
    };

    public static IResult From(Error error)
    {
        var (status, title) = error switch
        {
            Core.Common.Invalid => (StatusCodes.Status400BadRequest, "Invalid request"),
            NotFound => (StatusCodes.Status404NotFound, "Not found"),
            Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
            Unauthenticated => (StatusCodes.Status401Unauthorized, "Unauthorized"),
            Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            GuardrailBlocked => (StatusCodes.Status409Conflict, "Blocked by a guardrail"),
            PreconditionFailed => (StatusCodes.Status412PreconditionFailed, "Stale version"),
            TooLarge => (StatusCodes.Status413PayloadTooLarge, "Request too large"),
            TooMany => (StatusCodes.Status429TooManyRequests, "Too many requests"),
            UnsupportedMediaType => (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type"),
            _ => (StatusCodes.Status400BadRequest, "Invalid request"),
        };
        var extensions = new Dictionary<string, object?>();
        switch (error)
        {
            case Core.Common.Invalid invalid:
                extensions["field"] = invalid.Field;
                break;
            case Conflict { CurrentVersion: { } current }:
                extensions["currentVersion"] = current;
                break;
            case PreconditionFailed stale:
                extensions["currentVersion"] = stale.CurrentVersion;
                break;
            case GuardrailBlocked blocked:
                extensions["guardrail"] = blocked.Findings[0].Guardrail;
                extensions["guardrails"] = blocked.Findings.Select(f => f.Guardrail).ToArray();
                extensions["overridable"] = blocked.Findings.All(f => f.Overridable);
                extensions["fix"] = blocked.Findings[0].Fix;
                if (blocked.Findings[0].Action is { } action)
                {
                    extensions["fixAction"] = action;
                    extensions["incident"] = blocked.Incident;
                }

                break;
        }

        return Results.Problem(detail: error.Message, statusCode: status, title: title, extensions: extensions);
    }

    public static IResult Invalid(string field, string message) => From(new Invalid(field, message));
}

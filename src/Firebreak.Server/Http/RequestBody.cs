using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Firebreak.Core.Common;
using Firebreak.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Firebreak.Server.Http;

/// <summary>
/// Reads a JSON request body with a size cap and turns every way it can be wrong into an error that
/// names the field: endpoints never see half-parsed input, and never throw on it.
/// </summary>
public static class RequestBody
{
    /// <param name="emptyIsDefaults">An empty body reads as <c>{}</c>: for requests whose fields are all optional.</param>
    public static async Task<Result<T>> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, CancellationToken cancellationToken, bool emptyIsDefaults = false)
        where T : class
    {
        if (context.Request.ContentType is { } contentType && !IsJson(contentType))
        {
            return new UnsupportedMediaType($"Send the body as JSON with 'Content-Type: application/json', not '{contentType}'.");
        }

        var bytes = await ReadBytesAsync(context, FirebreakApp.MaxRequestBodyBytes, cancellationToken);
        if (!bytes.IsSuccess)
        {
            return bytes.Error!;
        }

        if (bytes.Value.Length == 0 && emptyIsDefaults)
        {
            return JsonSerializer.Deserialize("{}"u8, type)!;
        }

        if (bytes.Value.Length == 0)
        {
            return new Invalid("body", "The request needs a JSON object body; see /openapi/v1.json for its fields.");
        }

        try
        {
            if (JsonStrings.Check(bytes.Value) is { } hidden)
            {
                return hidden;
            }

            var value = JsonSerializer.Deserialize(bytes.Value, type);
            return value is null ? new Invalid("body", "The body is JSON null; send a JSON object.") : value;
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return new Invalid(field, Explain(e, field));
        }
    }

    /// <summary>Reads the raw body, refusing more than <paramref name="limit"/> bytes with 413.</summary>
    public static async Task<Result<byte[]>> ReadBytesAsync(HttpContext context, long limit, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        using var buffer = new MemoryStream();
        try
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit)
                {
                    return TooLarge(limit);
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }

        return buffer.ToArray();
    }

    private static Error TooLarge(long limit) =>
        new TooLarge($"The request body is over the limit of {limit / 1024} KiB; send less (long texts belong in evidence files, whose limit is set in firebreak.yaml).");

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Turns the serializer's message into one a client can act on, without .NET type names.</summary>
    private static string Explain(JsonException e, string field)
    {
        var message = e.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"Unknown field '{field}': remove it or check its spelling against /openapi/v1.json.";
        }

        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            var expected = message switch
            {
                // Lists first: "List`1[System.String]" also names its element type.
                _ when message.Contains("List", StringComparison.Ordinal) || message.Contains("[]", StringComparison.Ordinal) => "an array",
                _ when message.Contains("System.String", StringComparison.Ordinal) => "a string",
                _ when message.Contains("System.Int", StringComparison.Ordinal) => "a whole number",
                _ when message.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
                _ when message.Contains("System.DateTimeOffset", StringComparison.Ordinal) => "an ISO-8601 time such as 2026-01-31T14:05:00Z",
                _ => "a value of the documented type",
            };
            return field == "body"
                ? "The body must be a JSON object; see /openapi/v1.json for its fields."
                : $"'{field}' has the wrong type: it must be {expected}.";
        }

        var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : string.Empty;
        return $"The body is not valid JSON{where}: check quotes, commas and brackets.";
    }
}

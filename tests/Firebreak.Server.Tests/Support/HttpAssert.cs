using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Firebreak.Server.Tests.Support;

/// <summary>Assertions on HTTP responses that show the body when the status is not the expected one.</summary>
public static class HttpAssert
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>Asserts the status and returns the JSON body.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await StatusAsync(response, expected);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }

    /// <summary>
    /// Asserts an error response: the status, application/problem+json, a non-empty detail that
    /// contains each of <paramref name="detailContains"/>, and the same status inside the body.
    /// </summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, params string[] detailContains)
    {
        await StatusAsync(response, expected);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), "The problem has no title.");
        var detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail), "The problem has no detail.");
        foreach (var expectedText in detailContains)
        {
            Assert.Contains(expectedText, detail, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", detail, StringComparison.Ordinal);
        return problem;
    }

    /// <summary>A 400 whose problem names the <paramref name="field"/> to fix.</summary>
    public static async Task<JsonElement> InvalidAsync(HttpResponseMessage response, string field, params string[] detailContains)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, detailContains);
        Assert.True(problem.TryGetProperty("field", out var named), $"The 400 problem has no 'field': {problem}");
        Assert.Equal(field, named.GetString());
        return problem;
    }

    public static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;
}

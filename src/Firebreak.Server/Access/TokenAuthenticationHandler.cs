using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Access;

/// <summary>
/// Accepts "Authorization: Bearer &lt;API token&gt;" for everything, and "Basic" (username and
/// password) so a client can sign in once and mint a token. Failures answer with problem+json.
/// </summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccountService accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "FirebreakToken";

    private const string RetryAfterItem = "firebreak:retry-after";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0 || Alerts.IntakePaths.IsIntake(Request.Path))
        {
            return AuthenticateResult.NoResult();
        }

        User? user = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            if (token.Length is > 0 and < 200)
            {
                user = await accounts.AuthenticateTokenAsync(token, Context.RequestAborted);
            }
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && DecodeBasic(header["Basic ".Length..].Trim()) is var (username, password))
        {
            var outcome = await accounts.SignInAsync(username, password, startSession: false, Context.RequestAborted);
            if (outcome.RetryAfter is { } wait)
            {
                Context.Items[RetryAfterItem] = wait;
                return AuthenticateResult.Fail("Too many failed sign-ins; wait before trying again.");
            }

            user = outcome.User;
        }

        if (user is null)
        {
            return AuthenticateResult.Fail("The credentials are invalid, revoked or belong to a disabled account.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(AccessModule.Principal(user, SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[RetryAfterItem] is TimeSpan wait)
        {
            var seconds = RetryAfterSeconds(wait);
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await WriteProblemAsync(
                StatusCodes.Status429TooManyRequests,
                "Too many sign-in attempts",
                $"Too many failed sign-ins for this account or from this address. Wait {seconds} s (Retry-After) and try again; each further failure doubles the wait.");
            return;
        }

        Response.Headers.WWWAuthenticate = "Bearer realm=\"firebreak\"";
        var failed = Request.Headers.Authorization.Count > 0;
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            "Authentication required",
            failed
                ? "The token or password was not accepted: it is wrong, revoked, or the account is disabled. Create a new token with 'firebreak login'."
                : "Send 'Authorization: Bearer <token>'. Get a token with 'firebreak login' or POST /api/v1/tokens with your username and password (Basic).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            "Forbidden",
            $"Your role ({Context.User.FindFirstValue(ClaimTypes.Role)}) does not allow this. Viewers can read; responders run incidents; admins manage accounts. Ask an admin for a different role.");

    /// <summary>A wait in whole seconds, at least one, as Retry-After gives it.</summary>
    public static int RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Results.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(Context);
    }

    private static (string Username, string Password)? DecodeBasic(string encoded)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

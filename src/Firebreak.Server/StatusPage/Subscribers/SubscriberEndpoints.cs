using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Common;
using Firebreak.Server.Access;
using Firebreak.Server.Http;
using Firebreak.Storage.StatusPage;

namespace Firebreak.Server.StatusPage.Subscribers;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class AddSubscriberRequest
{
    /// <summary>webhook or email.</summary>
    public string? Kind { get; set; }

    /// <summary>The webhook's URL, or the email address.</summary>
    public string? Address { get; set; }

    /// <summary>Only news about these components (none: all).</summary>
    public List<string>? Components { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SignUpRequest
{
    public string? Email { get; set; }

    public List<string>? Components { get; set; }
}

/// <summary>A subscriber as admins see it (never the link token; a webhook's secret only once, when it is added).</summary>
public sealed record SubscriberDto(long Id, string Kind, string Address, IReadOnlyList<string>? Components, bool Confirmed, DateTimeOffset? ConfirmedAt, DateTimeOffset CreatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    public static SubscriberDto Of(Subscriber s) => new(s.Id, s.Kind, s.Address, s.Components, s.Confirmed, s.ConfirmedAt, s.CreatedAt);
}

public sealed record SubscriberListDto(IReadOnlyList<SubscriberDto> Items);

public sealed record SignUpAnswer(string Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AddSubscriberRequest))]
[JsonSerializable(typeof(SignUpRequest))]
[JsonSerializable(typeof(SubscriberDto))]
[JsonSerializable(typeof(SubscriberListDto))]
[JsonSerializable(typeof(SignUpAnswer))]
public sealed partial class SubscriberJson : JsonSerializerContext;

/// <summary>
/// The public sign-up and the subscription pages under /status (no sign-in: the link's token is the
/// key), and the admins' list, export and webhook subscribers under /api/v1/status/subscribers.
/// </summary>
public static class SubscriberEndpoints
{
    public static void MapSubscriberPages(this WebApplication app)
    {
        app.MapPost("/status/subscribe", SignUp).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapGet("/status/subscriptions/{token}", Manage).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/status/subscriptions/{token}/confirm", Confirm).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapPost("/status/subscriptions/{token}/components", Choose).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapPost("/status/subscriptions/{token}/unsubscribe", Unsubscribe).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

        // A link opened in a browser (a mail client without one-click) lands on the page with the buttons; a GET changes nothing.
        app.MapGet("/status/subscriptions/{token}/unsubscribe", (string token) => Results.Redirect($"/status/subscriptions/{Uri.EscapeDataString(token)}")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/status/subscriptions/{token}/confirm", (string token) => Results.Redirect($"/status/subscriptions/{Uri.EscapeDataString(token)}")).AllowAnonymous().ExcludeFromDescription();
    }

    public static void MapSubscribers(this RouteGroupBuilder api)
    {
        var subscribers = api.MapGroup("/status/subscribers").WithTags("Status page").RequireAuthorization(AccessModule.Admin);
        subscribers.MapGet("", List).Produces<SubscriberListDto>().WithSummary("Every subscriber of the status page (admins).");
        subscribers.MapGet("/export", Export).Produces<string>(200, "text/csv").WithSummary("The subscribers as CSV (admins).");
        subscribers.MapPost("", Add).Accepts<AddSubscriberRequest>("application/json").Produces<SubscriberDto>(201).ProducesProblem(400).ProducesProblem(409)
            .WithSummary("Add a webhook subscriber (its signing secret is answered once) or an email address (it confirms by its link).");
        subscribers.MapDelete("/{id:long}", Remove).Produces(204).ProducesProblem(404).WithSummary("Remove a subscriber.");
    }

    private static async Task<IResult> SignUp(HttpContext http, SubscriptionService service, CancellationToken ct)
    {
        string? email;
        List<string>? components;
        var json = http.Request.HasJsonContentType();
        if (json)
        {
            var body = await RequestBody.ReadAsync(http, SubscriberJson.Default.SignUpRequest, ct);
            if (!body.IsSuccess)
            {
                return Problems.From(body.Error!);
            }

            (email, components) = (body.Value.Email, body.Value.Components);
        }
        else if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            (email, components) = (form["email"].ToString(), [.. form["components"].OfType<string>()]);
        }
        else
        {
            return Problems.From(new UnsupportedMediaType("Send the sign-up as a form or as JSON."));
        }

        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var signed = await service.SignUpAsync(email, components, client, ct);
        if (!signed.IsSuccess)
        {
            if (signed.Error is TooMany)
            {
                http.Response.Headers.RetryAfter = "3600";
            }

            return json ? Problems.From(signed.Error!) : Html(service.PageName, "Not subscribed", $"<p>{E(signed.Error!.Message)}</p><p><a href=\"/status\">Back to the status page</a></p>", Status(signed.Error!));
        }

        const string Sent = "If the address can receive mail, a message with a confirmation link is on its way. Nothing else is sent until the link is opened.";
        return json
            ? Results.Json(new SignUpAnswer(Sent), SubscriberJson.Default.SignUpAnswer, statusCode: StatusCodes.Status202Accepted)
            : Html(service.PageName, "Check your inbox", $"<p>{Sent}</p><p><a href=\"/status\">Back to the status page</a></p>", StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> Manage(string token, SubscriptionService service, CancellationToken ct)
    {
        if (await service.FindAsync(token, ct) is not { } s)
        {
            return Gone(service);
        }

        var t = Uri.EscapeDataString(token);
        var html = new StringBuilder();
        html.Append("<p>").Append(E(s.Address)).Append(s.Confirmed ? " is subscribed." : " is not confirmed yet: nothing is sent to it until it is.").Append("</p>");
        if (!s.Confirmed)
        {
            html.Append("<form method=\"post\" action=\"/status/subscriptions/").Append(t).Append("/confirm\"><button type=\"submit\">Confirm the subscription</button></form>");
        }

        var names = service.ComponentNames;
        if (names.Count > 0)
        {
            html.Append("<form method=\"post\" action=\"/status/subscriptions/").Append(t).Append("/components\"><fieldset><legend>News about (none ticked: every component)</legend>");
            foreach (var (name, i) in names.Select((n, i) => (n, i)))
            {
                var ticked = s.Components?.Contains(name) == true ? " checked" : string.Empty;
                html.Append("<label for=\"c").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\"><input type=\"checkbox\" id=\"c").Append(i.ToString(CultureInfo.InvariantCulture))
                    .Append("\" name=\"components\" value=\"").Append(E(name)).Append('"').Append(ticked).Append("> ").Append(E(name)).Append("</label> ");
            }

            html.Append("</fieldset><button type=\"submit\">Save</button></form>");
        }

        html.Append("<form method=\"post\" action=\"/status/subscriptions/").Append(t).Append("/unsubscribe\"><button type=\"submit\">Unsubscribe and forget this address</button></form>");
        return Html(service.PageName, "Your subscription", html.ToString(), StatusCodes.Status200OK);
    }

    private static async Task<IResult> Confirm(string token, SubscriptionService service, CancellationToken ct) =>
        await service.ConfirmAsync(token, ct)
            ? Html(service.PageName, "Subscribed", $"<p>You will be told when something happens on this status page. Every message has a link to unsubscribe.</p><p><a href=\"/status/subscriptions/{Uri.EscapeDataString(token)}\">Choose components</a> · <a href=\"/status\">The status page</a></p>", StatusCodes.Status200OK)
            : Gone(service);

    private static async Task<IResult> Choose(string token, HttpContext http, SubscriptionService service, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Problems.From(new UnsupportedMediaType("Send the choice as a form."));
        }

        var form = await http.Request.ReadFormAsync(ct);
        var chosen = await service.ChooseAsync(token, [.. form["components"].OfType<string>()], ct);
        return chosen.IsSuccess
            ? Results.Redirect($"/status/subscriptions/{Uri.EscapeDataString(token)}")
            : chosen.Error is NotFound ? Gone(service) : Html(service.PageName, "Not saved", $"<p>{E(chosen.Error!.Message)}</p>", StatusCodes.Status400BadRequest);
    }

    // The link in every message, and RFC 8058's one-click POST (List-Unsubscribe=One-Click) from mail clients.
    private static async Task<IResult> Unsubscribe(string token, SubscriptionService service, CancellationToken ct) =>
        await service.UnsubscribeAsync(token, ct)
            ? Html(service.PageName, "Unsubscribed", "<p>You are unsubscribed, and the address is forgotten. <a href=\"/status\">The status page</a></p>", StatusCodes.Status200OK)
            : Gone(service);

    private static async Task<IResult> List(HttpContext http, SubscriptionService service, CancellationToken ct)
    {
        var all = await service.ListAsync(http.User.Actor(), ct);
        return all.IsSuccess ? Results.Json(new SubscriberListDto([.. all.Value.Select(SubscriberDto.Of)]), SubscriberJson.Default.SubscriberListDto) : Problems.From(all.Error!);
    }

    private static async Task<IResult> Export(HttpContext http, SubscriptionService service, CancellationToken ct)
    {
        var all = await service.ListAsync(http.User.Actor(), ct);
        if (!all.IsSuccess)
        {
            return Problems.From(all.Error!);
        }

        http.Response.Headers.ContentDisposition = "attachment; filename=\"subscribers.csv\"";
        return Results.Text(SubscriptionService.Csv(all.Value), "text/csv; charset=utf-8");
    }

    private static async Task<IResult> Add(HttpContext http, SubscriptionService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, SubscriberJson.Default.AddSubscriberRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var added = await service.AddAsync(http.User.Actor(), body.Value.Kind, body.Value.Address, body.Value.Components, ct);
        return added.IsSuccess
            ? Results.Json(SubscriberDto.Of(added.Value.Subscriber) with { Secret = added.Value.Secret }, SubscriberJson.Default.SubscriberDto, statusCode: StatusCodes.Status201Created)
            : Problems.From(added.Error!);
    }

    private static async Task<IResult> Remove(long id, HttpContext http, SubscriptionService service, CancellationToken ct)
    {
        var removed = await service.RemoveAsync(http.User.Actor(), id, ct);
        return removed.IsSuccess ? Results.NoContent() : Problems.From(removed.Error!);
    }

    private static IResult Gone(SubscriptionService service) =>
        Html(service.PageName, "Link no longer valid", "<p>This subscription link is not valid any more: the subscription was removed, or the link was mistyped. <a href=\"/status\">The status page</a></p>", StatusCodes.Status404NotFound);

    private static int Status(Error error) => error switch
    {
        TooMany => StatusCodes.Status429TooManyRequests,
        NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static IResult Html(string page, string title, string body, int status) =>
        Results.Content(
            $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\"><title>{E(title)} · {E(page)}</title><link rel=\"stylesheet\" href=\"/status/style.css\"></head><body><header><h1>{E(page)}</h1></header><main><h2>{E(title)}</h2>{body}</main></body></html>\n",
            "text/html; charset=utf-8",
            Encoding.UTF8,
            status);
}

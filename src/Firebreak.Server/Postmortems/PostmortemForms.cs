using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.Postmortems;
using Firebreak.Server.Access;
using Firebreak.Server.Web;

namespace Firebreak.Server.Postmortems;

/// <summary>The postmortem page's forms: the same commands the API takes, then back to the page with what happened.</summary>
public static class PostmortemForms
{
    public static void MapPostmortemForms(this RouteGroupBuilder ui)
    {
        var pm = ui.MapGroup("/incidents/{id:long}/postmortem");
        pm.MapPost("/open", OpenAsync);
        pm.MapPost("/sections/{section}", SectionAsync);
        pm.MapPost("/whys", WhysAsync);
        pm.MapPost("/tags", TagsAsync);
        pm.MapPost("/timeline", TimelineAsync);
        pm.MapPost("/dismiss", DismissAsync);
        pm.MapPost("/review", ReviewAsync);
        pm.MapPost("/publish", PublishAsync);
        pm.MapPost("/reopen", ReopenAsync);
        pm.MapPost("/actions", AddActionAsync);
        pm.MapPost("/actions/{action:long}/status", ActionStatusAsync);
        pm.MapPost("/actions/{action:long}/push", PushAsync);
    }

    private static string Page(long id) => $"/incidents/{id.ToString(CultureInfo.InvariantCulture)}/postmortem";

    private static IResult Failed(long id, Error error) => Forms.Back($"{Page(id)}?error={Uri.EscapeDataString(error.Message)}");

    private static IResult Answer<T>(long id, Result<T> outcome, string notice) => outcome.IsSuccess ? Forms.Back(Page(id), notice) : Failed(id, outcome.Error!);

    private static long? Version(IFormCollection form) =>
        long.TryParse(form.Field("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;

    private static async Task<IResult> OpenAsync(long id, HttpContext http, PostmortemService service, CancellationToken ct) =>
        Answer(id, await service.CreateAsync(http.User.Actor(), id, ct), "The postmortem is open, with a first draft from the timeline.");

    private static async Task<IResult> SectionAsync(long id, string section, HttpContext http, IFormCollection form, PostmortemService service, CancellationToken ct) =>
        Answer(id, await service.ChangeAsync(http.User.Actor(), id, Version(form), new EditSection(section, form["text"].ToString()), ct), $"Saved {PostmortemSections.Find(section)?.Title ?? section}.");

    private static async Task<IResult> WhysAsync(long id, HttpContext http, IFormCollection form, PostmortemService service, CancellationToken ct)
    {
        var questions = form["question"].Select(q => q ?? string.Empty).ToList();
        var answers = form["answer"].Select(a => a ?? string.Empty).ToList();
        var whys = questions.Select((q, i) => (Question: q.Trim(), Answer: i < answers.Count ? answers[i].Trim() : string.Empty))
            .Where(w => w.Question.Length > 0 || w.Answer.Length > 0)
            .Select(w => (Why?)new Why(w.Question, w.Answer))
            .ToList();
        return Answer(id, await service.ChangeAsync(http.User.Actor(), id, Version(form), new SetWhys(whys), ct), "Saved the five whys.");
    }

    private static async Task<IResult> TagsAsync(long id, HttpContext http, IFormCollection form, PostmortemService service, CancellationToken ct)
    {
        var tags = (form.Field("tags") ?? string.Empty).Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Answer(id, await service.ChangeAsync(http.User.Actor(), id, Version(form), new SetCauseTags(tags), ct), tags.Length == 0 ? "Cleared the root-cause tags." : "Saved the root-cause tags.");
    }

    private static async Task<IResult> TimelineAsync(long id, HttpContext http, IFormCollection form, PostmortemService service, CancellationToken ct)
    {
        long? entry = long.TryParse(form.Field("entry"), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : null;
        bool? included = bool.TryParse(form.Field("included"), out var i) ? i : null;
        return Answer(id, await service.ChangeAsync(http.User.Actor(), id, null, new CurateTimeline(entry, included), ct), included == true ? "Taken into the timeline." : "Left out of the timeline.");
    }

    private static async Task<IResult> DismissAsync(long id, HttpContext http, IFormCollection form, PostmortemService service, CancellationToken ct) =>
        Answer(id, await service.ChangeAsync(http.User.Actor(), id, null, new DismissFinding(form.Field("finding"), form.Field("reason")), ct), "The finding is dismissed.");

    private static async Task<IResult> ReviewAsync(long id, HttpContext http, IFormCollection form, PostmortemService service, CancellationToken ct)
    {
        var reviewers = (form.Field("reviewers") ?? string.Empty).Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Answer(id, await service.ChangeAsync(http.User.Actor(), id, null, new RequestReview(reviewers), ct), "Sent to review.");
    }

    private static async Task<IResult> PublishAsync(long id, HttpContext http, PostmortemService service, CancellationToken ct) =>
        Answer(id, await service.ChangeAsync(http.User.Actor(), id, null, new PublishPostmortem(), ct), "Published.");

    private static async Task<IResult> ReopenAsync(long id, HttpContext http, IFormCollection form, PostmortemService service, CancellationToken ct) =>
        Answer(id, await service.ChangeAsync(http.User.Actor(), id, null, new ReopenPostmortem(form.Field("reason")), ct), "Back to draft.");

    private static async Task<IResult> AddActionAsync(long id, HttpContext http, IFormCollection form, PostmortemService service, CancellationToken ct)
    {
        var added = await service.CreateActionAsync(http.User.Actor(), id, ActionItemRequest.FromForm(form.Field).ToCreate(), ct);
        return added.IsSuccess
            ? Forms.Back(Page(id), added.Value.Findings.Count == 0 ? $"Added {added.Value.Key}." : $"Added {added.Value.Key}; {added.Value.Findings[0].Message}")
            : Failed(id, added.Error!);
    }

    private static async Task<IResult> PushAsync(long id, long action, HttpContext http, IFormCollection form, PostmortemService service, CancellationToken ct) =>
        Answer(id, await service.PushActionAsync(http.User.Actor(), action.ToString(CultureInfo.InvariantCulture), form.Field("tracker"), ct), $"ACT-{action.ToString(CultureInfo.InvariantCulture)} is on its way to {form.Field("tracker")}.");

    private static async Task<IResult> ActionStatusAsync(long id, long action, HttpContext http, IFormCollection form, PostmortemService service, CancellationToken ct) =>
        Answer(id, await service.ChangeActionAsync(http.User.Actor(), action.ToString(CultureInfo.InvariantCulture), null, new Core.ActionItems.ChangeActionStatus(form.Field("status"), form.Field("reason")), ct), $"ACT-{action.ToString(CultureInfo.InvariantCulture)} is updated.");
}

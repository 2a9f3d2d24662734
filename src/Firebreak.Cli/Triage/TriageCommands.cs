using System.CommandLine;
using System.Globalization;
using System.Text;
using Firebreak.Cli.Incidents;
using Firebreak.Core.Triage;
using Firebreak.Server.Incidents;
using Firebreak.Server.Triage;

namespace Firebreak.Cli.Triage;

/// <summary>
/// severities, triage: the levels in force and the level a set of answers suggests, so a severity is
/// picked by the same questions every time (and triage --declare declares at it).
/// </summary>
public static class TriageCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Severities();
        yield return Triage();
    }

    private static Command Severities()
    {
        var command = new Command("severities", "Show the severity levels and their policies");
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (levels, raw) = await client.GetSeveritiesAsync(ct);
            Output.Write(parse, raw, () => string.Join('\n', levels.Select(l =>
                $"{l.Name}{(l.Aliases.Count > 0 ? $" ({l.Aliases[0]})" : string.Empty)}  {l.Meaning}\n" +
                $"    respond within {Minutes(l.ResponseTargetMinutes)}, updates {(l.UpdateCadenceMinutes is { } c ? "every " + Minutes(c) : "not required")}, " +
                $"roles: {(l.RolesRequired.Count == 0 ? "none required" : string.Join(", ", l.RolesRequired))}, " +
                $"public: {(l.PublicCommunication ? "yes" : "no")}, postmortem: {(l.PostmortemRequired ? $"due {l.PostmortemDueHours:0} h after" : "optional")}, " +
                $"monitoring window {Minutes(l.MonitoringWindowMinutes)}; pages {l.Paged}")));
        });
        return command;
    }

    private static Command Triage()
    {
        var users = new Option<string?>("--users") { Description = "Users affected right now: none, some, most, all, unknown" };
        var core = new Option<string?>("--core-broken") { Description = "Is a core feature broken? yes, no, unknown" };
        var dataLoss = new Option<string?>("--data-loss") { Description = "Is data being lost or corrupted? yes, no, unknown" };
        var workaround = new Option<string?>("--workaround") { Description = "Does a workaround exist? yes, no, unknown" };
        var breach = new Option<string?>("--breach") { Description = "Is a security breach suspected? yes, no, unknown" };
        var change = new Option<string?>("--recent-change") { Description = "Is a recent change suspected? yes, no, unknown" };
        var rollback = new Option<string?>("--rollback-possible") { Description = "Can it be rolled back? yes, no, unknown" };
        var startedAt = new Option<DateTimeOffset?>("--started-at") { Description = "When it started (ISO-8601)" };
        var declare = new Option<string?>("--declare") { Description = "Declare an incident with this title at the suggested level, recording the answers" };
        var service = new Option<string[]>("--service") { Description = "Affected service (repeat for several): the changes recorded on it in the last 24 h are named, and declared with --declare" };
        var impact = new Option<string?>("--impact") { Description = "Impact, with --declare" };
        var interactive = new Option<bool>("--ask") { Description = "Ask every unanswered question on the terminal" };
        var command = new Command("triage", "Answer the triage questions and get a suggested severity (asks on a terminal when no answers are given)")
        {
            users, core, dataLoss, workaround, breach, change, rollback, startedAt, declare, service, impact, interactive,
        };
        command.SetHandler(async (parse, ct) =>
        {
            var answers = new TriageRequest
            {
                UsersAffected = parse.GetValue(users),
                CoreFeatureBroken = parse.GetValue(core),
                DataLoss = parse.GetValue(dataLoss),
                Workaround = parse.GetValue(workaround),
                SecurityBreach = parse.GetValue(breach),
                RecentChange = parse.GetValue(change),
                RollbackPossible = parse.GetValue(rollback),
                StartedAt = parse.GetValue(startedAt),
            };
            var noneGiven = !answers.AnyAnswer();
            if (parse.GetValue(interactive) || (noneGiven && !Console.IsInputRedirected))
            {
                Ask(answers);
            }

            using var client = GlobalOptions.Client(parse);
            // The services go to triage for the changes recorded on them; a declaration names them at its top level.
            answers.Services = parse.GetValue(service) is { Length: > 0 } named ? [.. named] : null;
            var (suggestion, raw) = await client.TriageAsync(answers, ct);
            answers.Services = null;
            if (parse.GetValue(declare) is { } title)
            {
                // A recent change on the services answers the unanswered question, as the declare page pre-fills it.
                answers.RecentChange ??= suggestion.SuggestedRecentChange is { } suggested ? Firebreak.Core.Incidents.WireNames.Of(suggested) : null;
                // The suggestion's privacy applies as the declare page's ticked box does: a breach not ruled out stays private.
                var body = new DeclareIncidentRequest
                {
                    Title = title,
                    Services = parse.GetValue(service) is { Length: > 0 } s ? [.. s] : null,
                    Impact = parse.GetValue(impact),
                    StartedAt = answers.StartedAt,
                    Private = suggestion.Private ? true : null,
                    Triage = answers,
                };
                var (incident, rawIncident) = await client.DeclareIncidentAsync(body, ct);
                Output.Write(parse, rawIncident, () => $"Declared {incident.Key} at {incident.Severity} as triage suggested.\n{IncidentText.Describe(incident)}");
                return;
            }

            Output.Write(parse, raw, () => Describe(suggestion));
        });
        return command;
    }

    private static void Ask(TriageRequest answers)
    {
        answers.UsersAffected ??= Question("How many users are affected right now? (none/some/most/all/unknown)");
        answers.CoreFeatureBroken ??= Question("Is a core feature broken? (yes/no/unknown)");
        answers.DataLoss ??= Question("Is data being lost or corrupted? (yes/no/unknown)");
        answers.Workaround ??= Question("Is there a workaround? (yes/no/unknown)");
        answers.SecurityBreach ??= Question("Could this be a security breach? (yes/no/unknown)");
        answers.RecentChange ??= Question("Was there a recent change (deploy, config, flag)? (yes/no/unknown)");
        answers.RollbackPossible ??= Question("Can that change be rolled back? (yes/no/unknown)");
    }

    private static string Question(string text)
    {
        Console.Write($"{text} ");
        var answer = Console.ReadLine()?.Trim();
        return string.IsNullOrEmpty(answer) ? "unknown" : answer;
    }

    private static string Describe(TriageSuggestion s)
    {
        var text = new StringBuilder($"Suggested severity: {s.Severity}");
        foreach (var reason in s.Reasons)
        {
            text.AppendLine().Append($"  - {reason}");
        }

        foreach (var advice in s.Advice)
        {
            text.AppendLine().Append($"  > {advice}");
        }

        if (s.Checklist.Count > 0)
        {
            text.AppendLine().Append("  The incident will be private, with a security checklist:");
            foreach (var item in s.Checklist)
            {
                text.AppendLine().Append($"    [ ] {item}");
            }
        }
        else if (s.Private)
        {
            text.AppendLine().Append("  Keep the incident private until a breach is ruled out (triage --declare makes it private).");
        }

        return text.ToString();
    }

    private static string Minutes(double minutes) =>
        minutes >= 60 * 24 ? $"{minutes / 60 / 24:0.#} d" : minutes >= 60 ? $"{minutes / 60:0.#} h" : $"{minutes.ToString("0", CultureInfo.InvariantCulture)} min";
}

using Firebreak.Core.Changes;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Triage;

/// <summary>
/// Suggests a severity from the triage answers. When an answer is unknown, both answers are
/// considered and the more severe level wins: it is cheaper to downgrade later than to under-react.
/// </summary>
public static class TriageAssistant
{
    /// <summary>What a suspected breach adds to the incident, as a checklist.</summary>
    public static IReadOnlyList<string> SecurityChecklist { get; } =
    [
        "Keep the incident private; add only the people who need to know",
        "Preserve evidence before changing anything: logs, access records, disk or memory images",
        "Bring in the security lead",
        "Contain: revoke or rotate the exposed credentials, keys and sessions",
        "Work out what data was accessed, and whose",
        "Decide with legal whether customers or regulators must be notified, and by when",
    ];

    public static TriageSuggestion Suggest(TriageAnswers answers, SeverityScale scale)
    {
        var reasons = new List<string>();
        var rank = Rank(answers, reasons);
        var level = scale.AtRank(rank);
        var advice = Advice(answers);
        var keepPrivate = answers.SecurityBreach is Answer.Yes or Answer.Unknown;
        return new TriageSuggestion(level.Name, level.Rank, reasons, advice, keepPrivate, IsPrivateByRule(answers) ? SecurityChecklist : []);
    }

    /// <summary>
    /// Adds what the change events say to a suggestion: the recent changes to the services being
    /// triaged, named in the advice, and yes as the suggested answer to "was there a recent change?"
    /// when it is not answered yet. The severity does not move: a change explains, it does not hurt more.
    /// </summary>
    public static TriageSuggestion WithChanges(TriageSuggestion suggestion, TriageAnswers answers, IReadOnlyList<Change> recent)
    {
        if (recent.Count == 0)
        {
            return suggestion;
        }

        var named = string.Join("; ", recent.Take(3).Select(c => $"{WireNames.Of(c.Kind)} \"{c.Summary}\" ({c.Key})"));
        var more = recent.Count > 3 ? $" and {recent.Count - 3} more" : string.Empty;
        return suggestion with
        {
            Advice = [$"Changed in the last {(int)ChangeWindow.Before.TotalHours} h: {named}{more}. Check them first: a suspected change that can be rolled back is the quickest way out.", .. suggestion.Advice],
            RecentChanges = recent,
            SuggestedRecentChange = answers.RecentChange == Answer.Unknown ? Answer.Yes : null,
        };
    }

    /// <summary>
    /// Whether a declaration with these answers is private whatever was asked: a suspected breach is.
    /// A breach not ruled out only recommends it (<see cref="TriageSuggestion.Private"/>), which the
    /// interfaces apply and the responder may take back once the answer is known.
    /// </summary>
    public static bool IsPrivateByRule(TriageAnswers answers) => answers.SecurityBreach == Answer.Yes;

    private static int Rank(TriageAnswers a, List<string> reasons)
    {
        var rank = 4;

        void Raise(int to, string reason)
        {
            rank = Math.Min(rank, to);
            reasons.Add(reason);
        }

        switch (a.DataLoss)
        {
            case Answer.Yes:
                Raise(1, "Data is being lost or corrupted: that is SEV-1 whatever the number of users.");
                break;
            case Answer.Unknown:
                Raise(1, "Data loss is not ruled out: assuming the worse until someone checks.");
                break;
        }

        switch (a.SecurityBreach)
        {
            case Answer.Yes:
                Raise(1, "A security breach is suspected: treat it as SEV-1 and keep it private.");
                break;
            case Answer.Unknown:
                Raise(1, "A security breach is not ruled out: treat it as SEV-1 and keep it private until someone checks.");
                break;
        }

        var users = a.UsersAffected;
        var core = a.CoreFeatureBroken;
        var workaround = a.Workaround;
        if (users == UsersAffected.Unknown)
        {
            reasons.Add("How many users are affected is unknown: assuming all of them.");
            users = UsersAffected.All;
        }

        if (core == Answer.Unknown)
        {
            reasons.Add("Whether a core feature is broken is unknown: assuming it is.");
            core = Answer.Yes;
        }

        if (workaround == Answer.Unknown)
        {
            reasons.Add("Whether a workaround exists is unknown: assuming there is none.");
            workaround = Answer.No;
        }

        var impact = (users, core, workaround) switch
        {
            (UsersAffected.All or UsersAffected.Most, Answer.Yes, Answer.No) => (1, "Most or all users cannot use a core feature, with no workaround."),
            (UsersAffected.All or UsersAffected.Most, Answer.Yes, Answer.Yes) => (2, "Most or all users are hit on a core feature, but a workaround exists."),
            (UsersAffected.All or UsersAffected.Most, Answer.No, _) => (2, "Most or all users are affected, though not on a core feature."),
            (UsersAffected.Some, Answer.Yes, Answer.No) => (2, "Some users cannot use a core feature, with no workaround."),
            (UsersAffected.Some, Answer.Yes, Answer.Yes) => (3, "Some users are hit on a core feature, and a workaround exists."),
            (UsersAffected.Some, Answer.No, _) => (3, "Some users see a degraded, non-core feature."),
            (UsersAffected.None, Answer.Yes, _) => (3, "A core feature is broken but no user is affected yet."),
            _ => (4, "No user is affected and no core feature is broken."),
        };
        Raise(impact.Item1, impact.Item2);
        return rank;
    }

    private static List<string> Advice(TriageAnswers a)
    {
        var advice = new List<string>();
        if (a.RecentChange == Answer.Yes && a.RollbackPossible == Answer.Yes)
        {
            advice.Add("A recent change is suspected and can be rolled back: roll it back first, investigate after.");
        }
        else if (a.RecentChange == Answer.Yes && a.RollbackPossible != Answer.Yes)
        {
            advice.Add("A recent change is suspected but rollback is not possible or not known to be: check for irreversible migrations before any forward fix.");
        }
        else if (a.RecentChange == Answer.Unknown)
        {
            advice.Add("Check what changed around the start time: deploys, configuration, feature flags, dependencies.");
        }

        if (a.DataLoss is Answer.Yes or Answer.Unknown)
        {
            advice.Add("Stop the writes that lose data before anything else, and preserve the evidence.");
        }

        if (a.StartedAt is null)
        {
            advice.Add("Find when it started: the first alert, the first error in the logs, the first customer report.");
        }

        return advice;
    }
}

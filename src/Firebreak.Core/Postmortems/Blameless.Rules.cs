namespace Firebreak.Core.Postmortems;

public sealed partial class BlamelessCheck
{
    /// <summary>
    /// The rules every check starts from, in the order they are applied (the first of two rules that
    /// find the same words reports them). Each says plainly what is wrong and how to turn the sentence
    /// towards the system: the safeguard that was missing, the condition that made the slip easy.
    /// </summary>
    public static IReadOnlyList<LanguageRule> DefaultRules { get; } =
    [
        new(
            "mention-caused",
            @"(?<![\w.+-])@\w(?:[\w.-]*\w)?\s+(?:caused|triggered|started|introduced|was\s+responsible\s+for)\b",
            "Names a person, by mention, as the cause of the incident.",
            "Describe the change and what let it through rather than who made it: which review, test or rollout step would have stopped it?"),
        new(
            "person-caused",
            @"(?:{person}|\b(?:he|she)\b)(?:['’]s\s+(?:change|commit|deploy|push|script|typo|query|config|PR))?(?:\s+\w+ly)?\s+(?:broke|caused|deleted|dropped|forgot|missed|messed\s+up|screwed\s+up|overlooked|ignored|neglected|misconfigured|botched|skipped|failed\s+to|took\s+down|brought\s+down|pushed(?!\s+(?:(?:a|an|the)\s+)?(?:fix|revert|rollback|patch|hotfix)\b))\b",
            "Makes a person the subject of what went wrong.",
            "Say what allowed it: which check, test or safeguard did not stop the change? (\"the deploy pipeline did not stop …\")"),
        new(
            "person-fault",
            @"{person}(?:['’]s|s['’])\s+(?:own\s+|big\s+|simple\s+|silly\s+|stupid\s+)?(?:mistake|fault|error|screw-?up|blunder|oversight)\b(?!\s+(?:budget|rate|count|logs?|messages?|handling|codes?|page|report|tracking)\b)|{person}\s+(?:made|makes)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:mistake|error|blunder)\b|{person}\s+(?:was|is)\s+at\s+fault\b",
            "Hands the mistake or the fault to a person.",
            "Describe the action and what surrounded it — what the person could see, what the tool let them do — and leave out the verdict."),
        new(
            "human-error",
            @"\bhuman\s+(?:error|mistake|failure)\b|\b(?:the\s+)?(?:error|mistake|cause)\s+was\s+(?:a\s+)?human\b|\b(?:operator|pilot)\s+error\b",
            "\"Human error\" closes the question where it should open: it says nothing about why the slip was possible.",
            "Name the condition that made the slip easy: the missing guard, the confusing interface, the step not automated."),
        new(
            "should-have",
            @"\bshould(?:\s+have|['’]ve)\s+(?:known|caught|noticed|seen|spotted|realised|realized|checked|tested|double-checked)\b",
            "Judges, with hindsight, what someone ought to have seen once the outcome was known.",
            "Say what made it hard to see at the time — the signal that was missing, late or buried — and what will bring it forward next time."),
        new(
            "careless",
            @"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|sloppy|sloppily|sloppiness|reckless(?:ly|ness)?)\b",
            "Judges a person's care instead of describing what happened.",
            "Describe what the work asked of people at that moment, and name the safeguard that would make the same slip harmless."),
        new(
            "fault-of",
            @"(?<!\ba\s+)\bfault\s+of\b|\bwhose\s+fault\b",
            "Frames the incident as somebody's fault.",
            "Ask how it happened rather than whose it was: list the contributing conditions and the safeguard that was missing."),
        new(
            "blame",
            @"(?<!\bgit\s+)\b(?:to\s+)?blam(?:e|ed|es|ing)\b(?!-?less\b|[\s-]free\b)",
            "Puts blame on the table; the review is about how the system let this happen.",
            "Name the contributing factors and the defences that were missing instead of a party to blame."),
        new(
            "pronoun-should",
            @"\b(?:he|she|they)\s+(?:should(?:n['’]t|\s+not)?\s+have|should(?:n['’]t)?['’]ve|ought\s+(?:not\s+)?to\s+have)\b",
            "Says what a person should have done, judged after the fact.",
            "Replace what they should have done with what would have helped them do it: a prompt, a check, a clearer runbook step."),
        new(
            "didnt-bother",
            @"\b(?:(?:didn['’]t|did\s+not|never)\s+(?:even\s+)?bother(?:ed)?|could(?:n['’]t|\s+not)\s+be\s+bothered)\b",
            "Puts the gap down to a person's lack of effort.",
            "Say what made the step easy to skip — slow, optional, undocumented — and how it will become automatic or required."),
        new(
            "incompetent",
            @"\b(?:incompeten(?:t|tly|ce)|inept(?:itude|ness)?|clueless)\b",
            "Judges a person's ability.",
            "Describe the knowledge or tooling that was missing at that moment and how the team will provide it."),
    ];
}

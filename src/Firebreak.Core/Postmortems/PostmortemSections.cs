namespace Firebreak.Core.Postmortems;

/// <summary>A section of the postmortem: its stable id, its heading, whether publishing needs it, and what to write in it.</summary>
public sealed record PostmortemSection(string Id, string Title, bool Required, string Prompt);

/// <summary>The sections every postmortem has, in the order they are read.</summary>
public static class PostmortemSections
{
    public const int MaxText = 50_000;

    public static IReadOnlyList<PostmortemSection> All { get; } =
    [
        new("summary", "Summary", true, "What happened, in a few sentences, for someone who was not there."),
        new("impact", "Impact", true, "Who was affected, how and for how long, with the numbers you have."),
        new("detection", "Detection", false, "How we found out, and how long that took."),
        new("root-cause", "Root cause", true, "The conditions that allowed this to happen: what failed, not who."),
        new("contributing-factors", "Contributing factors", false, "What made it worse, longer or harder to see."),
        new("what-went-well", "What went well", true, "What worked in the response and is worth keeping."),
        new("what-went-poorly", "What went poorly", true, "What slowed the response or made it harder."),
        new("where-we-got-lucky", "Where we got lucky", false, "What could have made it much worse and did not."),
        new("lessons", "Lessons", false, "What we now know about the system that we did not before."),
    ];

    public static PostmortemSection? Find(string? id) =>
        All.FirstOrDefault(s => string.Equals(s.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));
}

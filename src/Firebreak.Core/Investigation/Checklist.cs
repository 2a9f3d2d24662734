namespace Firebreak.Core.Investigation;

/// <summary>A named checklist on the incident (for example the security checklist).</summary>
public sealed record Checklist(string Name, IReadOnlyList<string> Items, IReadOnlyList<int> Done);

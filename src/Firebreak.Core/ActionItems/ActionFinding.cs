namespace Firebreak.Core.ActionItems;

/// <summary>What stops an action item being assigned, scheduled or checked: the rule's id, what is wrong, and how to fix it.</summary>
public sealed record ActionFinding(string Rule, string Message, string Fix);

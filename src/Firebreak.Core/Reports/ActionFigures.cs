namespace Firebreak.Core.Reports;

/// <summary>
/// The action items of a group's incidents: open counts open and in progress; overdue is open past its due
/// day; the completion share is done over the items still owed or done (total less won't do).
/// </summary>
public sealed record ActionFigures(int Total, int Done, int WontDo, int Open, int Overdue, Share Completion);

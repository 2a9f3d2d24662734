namespace Firebreak.Core.Incidents;

/// <summary>Size limits on incident fields; the API documents the same numbers.</summary>
public static class Limits
{
    public const int Title = 200;

    /// <summary>How far back a start time may go: an incident declared late, not a date left at its default.</summary>
    public const int StartedAtYearsBack = 10;
    public const int Summary = 10_000;
    public const int Impact = 10_000;
    public const int EntryText = 20_000;
    public const int UpdateText = 5_000;
    public const int Reason = 2_000;
    public const int ServiceName = 100;
    public const int Services = 50;
    public const int Username = 64;
}

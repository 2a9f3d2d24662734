namespace Firebreak.Core.Reports;

/// <summary>How many of how many met a rule, and the share (0 to 1, four places; null when there were none to count).</summary>
public sealed record Share(int Met, int Of, double? Value)
{
    public static Share From(int met, int of) => new(met, of, of == 0 ? null : Math.Round((double)met / of, 4));
}

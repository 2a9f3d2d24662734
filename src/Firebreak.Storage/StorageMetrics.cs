using System.Diagnostics.Metrics;

namespace Firebreak.Storage;

/// <summary>
/// What the stores ask of the database, as .NET metrics: every SQL command counts once. Operators
/// and the benchmark read it through the server's stats; a listener sums it.
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "Firebreak.Storage";
    public const string CommandsName = "firebreak.db.commands";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Commands = Meter.CreateCounter<long>(CommandsName, description: "SQL commands sent to the database");
}

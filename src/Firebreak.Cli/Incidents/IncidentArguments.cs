using System.CommandLine;
using Firebreak.Cli.Client;

namespace Firebreak.Cli.Incidents;

/// <summary>
/// The incident argument and the --if-version and --override options, defined once so that every
/// aspect's verbs (incidents, updates, mitigations, investigation, evidence) take them alike.
/// </summary>
internal static class IncidentArguments
{
    internal static readonly Option<long?> IfVersion = new("--if-version")
    {
        Description = "Only apply if the incident is still at this version (from 'show'); refused if someone changed it since",
    };

    internal static readonly Option<string?> Override = new("--override")
    {
        Description = "Go past a blocking guardrail, saying why (recorded on the timeline)",
    };

    internal static Argument<string> Incident() => new("incident") { Description = "Incident key or number, e.g. INC-7" };

    /// <summary>The --if-version and --override a command verb was given.</summary>
    internal static CommandOptions Options(ParseResult parse) => new(parse.GetValue(IfVersion), parse.GetValue(Override));
}

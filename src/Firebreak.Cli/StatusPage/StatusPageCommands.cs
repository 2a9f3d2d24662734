using System.CommandLine;
using Firebreak.Cli.Client;
using Firebreak.Cli.Incidents;
using Firebreak.Server.StatusPage;

namespace Firebreak.Cli.StatusPage;

/// <summary>impact: what the public status page says of the components an incident affects.</summary>
public static class StatusPageCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Impact();
    }

    private static Command Impact()
    {
        var pairs = new Argument<string[]>("impacts")
        {
            Description = "COMPONENT=STATUS pairs: degraded_performance, partial_outage, major_outage, or operational to take it off",
            Arity = ArgumentArity.OneOrMore,
        };
        return IncidentVerb.Create("impact", "State an incident's impact on status page components",
            (client, id, p, options, ct) => client.StateImpactAsync(id, new StateImpactRequest { Components = Pairs(p.GetValue(pairs) ?? []) }, options, ct), pairs);
    }

    /// <summary>"API=major_outage" pairs into the request's map; a pair without '=' is a usage error.</summary>
    internal static Dictionary<string, string?> Pairs(IEnumerable<string> given)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in given)
        {
            var equals = pair.LastIndexOf('=');
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw new CliException($"'{pair}' is not COMPONENT=STATUS, for example API=major_outage.", 2);
            }

            map[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        return map;
    }
}

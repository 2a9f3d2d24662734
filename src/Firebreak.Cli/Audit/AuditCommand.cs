using System.CommandLine;
using Firebreak.Cli.Client;

namespace Firebreak.Cli.Audit;

/// <summary>audit: the audit log, newest first (admin).</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var actor = new Option<string?>("--actor") { Description = "Only what this username did (or, for failed sign-ins, the name tried)" };
        var kind = new Option<string?>("--kind") { Description = "Only entries of this kind, e.g. sign-in-failed, role-changed, guardrail-overridden" };
        var before = new Option<long?>("--before") { Description = "Entries older than this entry id (the 'next' of the previous page)" };
        var limit = new Option<int?>("--limit") { Description = "How many entries (1–1000, default 100)" };
        var command = new Command("audit", "Show the audit log: sign-ins, tokens, accounts, roles, passwords, overrides, private-incident members (admin)") { actor, kind, before, limit };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (page, raw) = await client.GetAuditAsync(parse.GetValue(actor), parse.GetValue(kind), parse.GetValue(before), parse.GetValue(limit), ct);
            Output.Write(parse, raw, () =>
            {
                if (page.Entries.Count == 0)
                {
                    return "No audit entries match.";
                }

                var lines = page.Entries.Select(e =>
                    $"{e.Id,6}  {Output.Time(e.At)}  {e.Actor,-16} {e.Kind,-20} {e.ClientAddress ?? "-",-15} {e.Detail}");
                var more = page.Next is { } next ? $"\nOlder entries: firebreak audit --before {next}" : string.Empty;
                return string.Join('\n', lines) + more;
            });
        });
        return command;
    }
}

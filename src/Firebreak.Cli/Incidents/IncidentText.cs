using System.Text;
using Firebreak.Core.Incidents;
using Firebreak.Server.Incidents;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Investigation;

namespace Firebreak.Cli.Incidents;

/// <summary>
/// An incident as the CLI prints it, with the guardrail findings after it: every aspect's verbs
/// answer with the incident as it is afterwards, so they print it the same way.
/// </summary>
internal static class IncidentText
{
    /// <summary>Where a command's messages are going, as the server queued them: "Sending to ops-slack, oncall-mail (firebreak deliveries INC-7 shows how they fare)."</summary>
    internal static string Notified(IncidentDto i) => i.NotifiedChannels switch
    {
        null or { Count: 0 } => "No channel is routed for it.",
        var channels => $"Sending to {string.Join(", ", channels)} (firebreak deliveries {i.Key} shows how they fare).",
    };

    internal static string Describe(IncidentDto i)
    {
        var text = new StringBuilder();
        text.AppendLine($"{i.Key}  {i.Severity}  {WireNames.Of(i.Status)}{(i.Private ? "  [private]" : string.Empty)}  {i.Title}");
        text.AppendLine($"  Commander: {i.Commander ?? "none — assign one: firebreak role " + i.Key + " commander USER"}");
        var others = i.Roles.Where(r => r.Key != IncidentRoles.Commander).Select(r => $"{r.Key}={r.Value}").ToList();
        if (others.Count > 0)
        {
            text.AppendLine($"  Roles: {string.Join(", ", others)}");
        }

        text.AppendLine($"  Responders: {(i.Responders.Count == 0 ? "none" : string.Join(", ", i.Responders))}");
        if (i.Services.Count > 0)
        {
            text.AppendLine($"  Services: {string.Join(", ", i.Services)}");
        }

        if (i.Impact is not null)
        {
            text.AppendLine($"  Impact: {i.Impact}");
        }

        if (i.ComponentImpact.Count > 0)
        {
            text.AppendLine($"  Status page: {Core.StatusPage.Impacts.Describe(i.ComponentImpact.Select(p => new Core.StatusPage.ComponentImpact(p.Key, p.Value)))}");
        }

        if (i.Summary is not null)
        {
            text.AppendLine($"  Summary: {i.Summary}");
        }

        if (i.DeclineReason is not null)
        {
            text.AppendLine($"  Declined: {i.DeclineReason}");
        }

        text.Append($"  Started {Output.Time(i.StartedAt)}, declared {Output.Time(i.DeclaredAt)} by {i.DeclaredBy}; version {i.Version}");
        if (i.NextUpdateDue is { } due)
        {
            text.AppendLine().Append($"  Next update due {Output.Time(due)}{(i.UpdateOverdueMinutes is { } late ? $"  OVERDUE: update {late} min overdue" : string.Empty)}");
        }

        if (i.AllowedStatuses.Count > 0)
        {
            text.AppendLine().Append($"  Next: {string.Join(", ", i.AllowedStatuses.Select(WireNames.Of))}");
        }

        foreach (var m in i.Mitigations)
        {
            text.AppendLine().Append($"  Mitigation {m.Id} [{WireNames.Of(m.State)}] {WireNames.Of(m.Kind)}: {m.Title}{(m.Owner is null ? string.Empty : $" (owner {m.Owner})")}{(m.Risky ? (m.ApprovedBy is null ? " — risky, needs the commander's approval" : $" — risky, approved by {m.ApprovedBy}") : string.Empty)}");
        }

        if (i.Verification is { } v)
        {
            text.AppendLine().Append($"  Verifying: {string.Join(", ", v.Checks)} until {Output.Time(v.EndsAt)}{(v.Failing.Count > 0 ? $"; failing: {string.Join(", ", v.Failing)}" : "; all healthy so far")}");
        }

        foreach (var list in i.Checklists)
        {
            text.AppendLine().Append($"  Checklist {list.Name}:");
            for (var n = 1; n <= list.Items.Count; n++)
            {
                text.AppendLine().Append($"    [{(list.Done.Contains(n) ? "x" : " ")}] {n}. {list.Items[n - 1]}");
            }
        }

        text.Append(Findings(i.Key, i.Findings));
        return text.ToString();
    }

    /// <summary>Guardrail findings as the CLI prints them after every command.</summary>
    internal static string Findings(string incident, IReadOnlyList<Firebreak.Core.Guardrails.Finding>? findings)
    {
        if (findings is null || findings.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var f in findings)
        {
            text.AppendLine().Append($"  {WireNames.Of(f.Level).ToUpperInvariant()} [{f.Guardrail}] {f.Message}").AppendLine().Append($"      fix: {Guardrails.FixCommand.Render(incident, f.Fix, f.Action)}");
        }

        return text.ToString();
    }
}

using System.CommandLine;
using Firebreak.Cli.Incidents;
using Firebreak.Server.Incidents;
using Firebreak.Server.Mitigations;
using Firebreak.Core.Investigation;

namespace Firebreak.Cli.Mitigations;

/// <summary>
/// mitigate: a mitigation's steps from proposed to verified or abandoned, each on the timeline, so the
/// guardrails can hold back a risky change the commander has not approved, or a second change at once.
/// </summary>
public static class MitigationCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Mitigate();
    }

    private static Command Mitigate()
    {
        var kind = new Argument<string>("kind") { Description = "rollback, feature-flag, failover, scale, redirect, rate-limit, hotfix or other" };
        var title = new Argument<string>("title") { Description = "What will be done" };
        var owner = new Option<string?>("--owner") { Description = "Username of who carries it out" };
        var effect = new Option<string?>("--effect") { Description = "What it should change (the expected effect)" };
        var risky = new Option<bool>("--risky") { Description = "It could make things worse: the commander must approve it before it starts" };
        var plan = new Option<string?>("--plan") { Description = "Rollback plan (a hotfix needs one)" };
        var noMigration = new Option<bool>("--no-irreversible-migration") { Description = "Rollback checklist: no irreversible migration ran" };
        var noSideEffects = new Option<bool>("--no-irreversible-side-effects") { Description = "Rollback checklist: no irreversible side effects" };
        var target = new Option<string?>("--target") { Description = "Rollback checklist: the known-good version to return to" };
        var propose = IncidentVerb.Create("propose", "Propose a mitigation", (client, incident, p, options, ct) => client.ProposeMitigationAsync(incident, new ProposeMitigationRequest
        {
            Kind = p.GetValue(kind),
            Title = p.GetValue(title),
            Owner = p.GetValue(owner),
            ExpectedEffect = p.GetValue(effect),
            Risky = p.GetValue(risky),
            RollbackPlan = p.GetValue(plan),
            Checklist = p.GetValue(noMigration) || p.GetValue(noSideEffects) || p.GetValue(target) is not null || string.Equals(p.GetValue(kind), "rollback", StringComparison.OrdinalIgnoreCase)
                ? new RollbackChecklistRequest { NoIrreversibleMigration = p.GetValue(noMigration), NoIrreversibleSideEffects = p.GetValue(noSideEffects), KnownGoodTarget = p.GetValue(target) }
                : null,
        }, options, ct), kind, title, owner, effect, risky, plan, noMigration, noSideEffects, target);

        var command = new Command("mitigate", "Track mitigations: propose, approve (commander), start, apply, verify, abandon") { propose };
        foreach (var (action, description) in new[]
                 {
                     ("approve", "The commander approves a risky mitigation"),
                     ("start", "Start a mitigation"),
                     ("apply", "Mark a mitigation applied"),
                     ("verify", "Mark a mitigation verified (--note: how you know)"),
                     ("abandon", "Abandon a mitigation (--note: why, required)"),
                 })
        {
            var id = NumberArgument.Int("mitigation", "The mitigation's number");
            var note = new Option<string?>("--note", "--reason") { Description = "A note (verify) or the reason (abandon)" };
            command.Subcommands.Add(IncidentVerb.Create(action, description, (client, incident, p, options, ct) => action switch
            {
                "approve" => client.ApproveMitigationAsync(incident, p.GetValue(id), options, ct),
                "start" => client.StartMitigationAsync(incident, p.GetValue(id), options, ct),
                "apply" => client.ApplyMitigationAsync(incident, p.GetValue(id), options, ct),
                "verify" => client.VerifyMitigationAsync(incident, p.GetValue(id), new MitigationStepRequest { Note = p.GetValue(note) }, options, ct),
                _ => client.AbandonMitigationAsync(incident, p.GetValue(id), new MitigationStepRequest { Note = p.GetValue(note) }, options, ct),
            }, id, note));
        }

        return command;
    }
}

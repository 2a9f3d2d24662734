using System.Text.Json.Serialization;
using Firebreak.Core.Evidence;
using Firebreak.Core.Incidents;
using Firebreak.Core.Investigation;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Updates;
using Firebreak.Server.Incidents;

namespace Firebreak.Server.Mitigations;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class RollbackChecklistRequest
{
    /// <summary>true when no irreversible database migration ran since the target version.</summary>
    public bool? NoIrreversibleMigration { get; set; }

    /// <summary>true when the change had no side effects a rollback cannot undo (emails sent, data rewritten).</summary>
    public bool? NoIrreversibleSideEffects { get; set; }

    /// <summary>The known-good version or state to return to.</summary>
    public string? KnownGoodTarget { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ProposeMitigationRequest : CommandRequest
{
    /// <summary>rollback, feature-flag, failover, scale, redirect, rate-limit, hotfix or other.</summary>
    public string? Kind { get; set; }

    public string? Title { get; set; }

    /// <summary>Username of who carries it out.</summary>
    public string? Owner { get; set; }

    public string? ExpectedEffect { get; set; }

    /// <summary>Could it make things worse (data operation, restart losing state)? Then the commander must approve it.</summary>
    public bool? Risky { get; set; }

    /// <summary>How to undo it; a hotfix needs one.</summary>
    public string? RollbackPlan { get; set; }

    /// <summary>Required for a rollback.</summary>
    public RollbackChecklistRequest? Checklist { get; set; }

    public IIncidentCommand ToCommand() => new ProposeMitigation(
        Kind, Title, Owner, ExpectedEffect, Risky ?? false, RollbackPlan,
        Checklist is { } c ? new RollbackChecklist(c.NoIrreversibleMigration ?? false, c.NoIrreversibleSideEffects ?? false, c.KnownGoodTarget?.Trim()) : null);

    /// <summary>The room's form shows the rollback checklist's boxes, which count only for a rollback.</summary>
    public static ProposeMitigationRequest FromForm(Func<string, string?> field) => new()
    {
        Kind = field("kind"),
        Title = field("title"),
        Owner = field("owner"),
        ExpectedEffect = field("expectedEffect"),
        Risky = field("risky") == "true",
        RollbackPlan = field("rollbackPlan"),
        Checklist = field("kind") == "rollback"
            ? new RollbackChecklistRequest
            {
                NoIrreversibleMigration = field("noIrreversibleMigration") == "true",
                NoIrreversibleSideEffects = field("noIrreversibleSideEffects") == "true",
                KnownGoodTarget = field("knownGoodTarget"),
            }
            : null,
    };
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class MitigationStepRequest : CommandRequest
{
    /// <summary>A note (verify) or the reason (abandon, required).</summary>
    public string? Note { get; set; }

    public IIncidentCommand ToCommand(int mitigation, MitigationStep step) => step switch
    {
        MitigationStep.Approve => new ApproveMitigation(mitigation),
        MitigationStep.Start => new StartMitigation(mitigation),
        MitigationStep.Apply => new ApplyMitigation(mitigation),
        MitigationStep.Verify => new VerifyMitigation(mitigation, Note),
        _ => new AbandonMitigation(mitigation, Note),
    };

    public static MitigationStepRequest FromForm(Func<string, string?> field) => new() { Note = field("note") };
}

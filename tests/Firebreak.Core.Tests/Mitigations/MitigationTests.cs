using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Mitigations;

public sealed class MitigationTests
{
    private static readonly RollbackChecklist Safe = new(true, true, "v4.12.0");

    private static ProposeMitigation Propose(string? kind = "feature-flag", string? title = "Turn off new pricing", RollbackChecklist? checklist = null) =>
        new(kind, title, "bob", "5xx drop to baseline", false, null, checklist);

    [Fact]
    public void Propose_IsRecordedWithTheNextId()
    {
        var state = Given.Incident(Given.Declaration());

        Assert.Equal([new MitigationProposed(1, MitigationKind.FeatureFlag, "Turn off new pricing", "bob", "5xx drop to baseline", false, null, null)], Given.Events(state, Propose()));

        state = Given.Apply(state, Propose(), Given.As());
        var second = Assert.IsType<MitigationProposed>(Assert.Single(Given.Events(state, Propose("scale", "Double the api pods"))));
        Assert.Equal(2, second.Id);
    }

    [Theory]
    [InlineData("rollback", MitigationKind.Rollback)]
    [InlineData("roll-back", MitigationKind.Rollback)]
    [InlineData("feature-flag", MitigationKind.FeatureFlag)]
    [InlineData("flag", MitigationKind.FeatureFlag)]
    [InlineData("feature_flag", MitigationKind.FeatureFlag)]
    [InlineData("Failover", MitigationKind.Failover)]
    [InlineData("fail-over", MitigationKind.Failover)]
    [InlineData("scale", MitigationKind.Scale)]
    [InlineData("redirect", MitigationKind.Redirect)]
    [InlineData("rate-limit", MitigationKind.RateLimit)]
    [InlineData("rate_limit", MitigationKind.RateLimit)]
    [InlineData("block", MitigationKind.RateLimit)]
    [InlineData("hotfix", MitigationKind.Hotfix)]
    [InlineData(" forward-fix ", MitigationKind.Hotfix)]
    [InlineData("other", MitigationKind.Other)]
    public void Propose_AcceptsKindsAndAliases(string kind, MitigationKind expected)
    {
        var events = Given.Events(Given.Incident(Given.Declaration()), Propose(kind, checklist: Safe));

        Assert.Equal(expected, Assert.IsType<MitigationProposed>(Assert.Single(events)).Kind);
    }

    [Theory]
    [InlineData("restart")]
    [InlineData("")]
    [InlineData(null)]
    public void Propose_UnknownKind_IsInvalidListingTheKinds(string? kind)
    {
        var error = Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), Propose(kind));

        Assert.Equal("kind", error.Field);
        foreach (var name in WireNames.All<MitigationKind>())
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Propose_RollbackWithoutChecklist_IsInvalidNamingTheChecklist()
    {
        var error = Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), Propose("rollback"));

        Assert.Equal("checklist", error.Field);
        Assert.Contains("checklist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_RollbackKeepsItsChecklist_OtherKindsDropIt()
    {
        var state = Given.Incident(Given.Declaration());

        Assert.Equal(Safe, Assert.IsType<MitigationProposed>(Assert.Single(Given.Events(state, Propose("rollback", checklist: Safe)))).Checklist?.ToChecklist());
        Assert.Null(Assert.IsType<MitigationProposed>(Assert.Single(Given.Events(state, Propose("scale", checklist: Safe)))).Checklist);
    }

    [Fact]
    public void Propose_WithoutTitle_IsInvalid() =>
        Assert.Equal("title", Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), Propose(title: " ")).Field);

    [Fact]
    public void Propose_KnownGoodTargetTooLong_IsInvalid() =>
        Assert.Equal("checklist.knownGoodTarget", Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), Propose("rollback", checklist: new RollbackChecklist(true, true, new string('v', Limits.Title + 1)))).Field);

    [Fact]
    public void Mitigation_StartApplyVerify_WalksTheLifecycleWithTimes()
    {
        var state = Given.Incident(Given.Declaration(), Propose());
        state = Given.ApplyAt(state, 3, new StartMitigation(1));
        state = Given.ApplyAt(state, 5, new ApplyMitigation(1));
        state = Given.ApplyAt(state, 12, new VerifyMitigation(1, " error rate at baseline "));

        var m = Assert.Single(state.Mitigations);
        Assert.Equal(MitigationState.Verified, m.State);
        Assert.Equal(Given.Minute(3), m.StartedAt);
        Assert.Equal(Given.Minute(5), m.AppliedAt);
        Assert.Equal(Given.Minute(12), m.VerifiedAt);
        Assert.Equal("error rate at baseline", m.Note);
        Assert.Equal(Given.Minute(12), state.LastActivityAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Abandon_WithoutReason_IsInvalid(string? reason) =>
        Assert.Equal("reason", Given.Rejection<Invalid>(Given.Incident(Given.Declaration(), Propose()), new AbandonMitigation(1, reason)).Field);

    [Fact]
    public void Abandon_WithReason_KeepsTheReason()
    {
        var state = Given.Apply(Given.Incident(Given.Declaration(), Propose(), new StartMitigation(1)), new AbandonMitigation(1, "made no difference"), Given.As());

        var m = Assert.Single(state.Mitigations);
        Assert.Equal(MitigationState.Abandoned, m.State);
        Assert.Equal("made no difference", m.Note);
    }

    [Fact]
    public void Verify_AProposedMitigation_IsInvalidNamingTheAllowedMoves()
    {
        var error = Given.Rejection<Invalid>(Given.Incident(Given.Declaration(), Propose()), new VerifyMitigation(1, null));

        Assert.Equal("mitigation", error.Field);
        Assert.Contains("started or abandoned", error.Message, StringComparison.Ordinal);
        Assert.Contains("not verified", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_AProposedMitigation_IsInvalid() =>
        Assert.Contains("started or abandoned", Given.Rejection<Invalid>(Given.Incident(Given.Declaration(), Propose()), new ApplyMitigation(1)).Message, StringComparison.Ordinal);

    [Fact]
    public void Start_AStartedMitigation_IsInvalidNamingTheAllowedMoves() =>
        Assert.Contains("applied or abandoned", Given.Rejection<Invalid>(Given.Incident(Given.Declaration(), Propose(), new StartMitigation(1)), new StartMitigation(1)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FinishedMitigation_TakesNoMoreChanges(bool verified)
    {
        var state = Given.Incident(Given.Declaration(), Propose(), new StartMitigation(1), new ApplyMitigation(1));
        state = Given.Apply(state, verified ? new VerifyMitigation(1, null) : new AbandonMitigation(1, "rolled back instead"), Given.As());

        var error = Given.Rejection<Invalid>(state, new AbandonMitigation(1, "again"));
        Assert.Contains("no more changes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownMitigation_IsNotFoundNamingTheRange()
    {
        var state = Given.Incident(Given.Declaration(), Propose());

        Assert.Contains("1 to 1", Given.Rejection<NotFound>(state, new StartMitigation(2)).Message, StringComparison.Ordinal);
        Given.Rejection<NotFound>(state, new ApplyMitigation(0));
        Given.Rejection<NotFound>(state, new VerifyMitigation(5, null));
        Given.Rejection<NotFound>(state, new AbandonMitigation(5, "x"));
    }

    [Fact]
    public void UnknownMitigation_WithNoneProposed_SaysToProposeOne() =>
        Assert.Contains("propose one", Given.Rejection<NotFound>(Given.Incident(Given.Declaration()), new StartMitigation(1)).Message, StringComparison.Ordinal);
}

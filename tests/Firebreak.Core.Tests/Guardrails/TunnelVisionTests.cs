using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class TunnelVisionTests
{
    private static readonly TimelineEntryAdded HypothesisEntry = new(EntryKind.Hypothesis, "The 08:50 deploy broke the payment client.");

    /// <summary>A SEV-3 (so no major-only nudge is in the way) with a hypothesis logged at minute 2.</summary>
    private static IncidentState WithHypothesisAtMinute2(out long entry, IncidentState? start = null)
    {
        var state = start ?? Given.Incident(Given.Declaration(severity: "SEV-3"));
        state = Given.ApplyAt(state, 2, new AddEntry("hypothesis", HypothesisEntry.Text));
        entry = state.Version;
        return state;
    }

    [Fact]
    public void TunnelVision_OpenHypothesisWithoutNewEvidence_QuietAt16_FiresAt18()
    {
        var state = WithHypothesisAtMinute2(out _);

        Assert.DoesNotContain(GuardrailIds.TunnelVision, Given.Firing(state, 16));
        Assert.Contains(GuardrailIds.TunnelVision, Given.Firing(state, 18));
    }

    [Theory]
    [InlineData("symptom")]
    [InlineData("result")]
    public void TunnelVision_SymptomOrResultEntryAtMinute10_ResetsTheClock(string kind)
    {
        var state = WithHypothesisAtMinute2(out _);
        state = Given.ApplyAt(state, 10, new AddEntry(kind, "Error rate dropped to 2% on its own."));

        Assert.DoesNotContain(GuardrailIds.TunnelVision, Given.Firing(state, 18));
        Assert.Contains(GuardrailIds.TunnelVision, Given.Firing(state, 26));
    }

    [Fact]
    public void TunnelVision_EvidenceAttachedAtMinute10_ResetsTheClock()
    {
        var state = WithHypothesisAtMinute2(out _);
        state = Given.ApplyAt(state, 10, Given.Evidence("payment-client.log"));

        Assert.DoesNotContain(GuardrailIds.TunnelVision, Given.Firing(state, 18));
        Assert.Contains(GuardrailIds.TunnelVision, Given.Firing(state, 26));
    }

    [Theory]
    [InlineData("note")]
    [InlineData("action")]
    [InlineData("decision")]
    public void TunnelVision_EntryThatIsNotEvidence_DoesNotResetTheClock(string kind)
    {
        var state = WithHypothesisAtMinute2(out _);
        state = Given.ApplyAt(state, 10, new AddEntry(kind, "Looking at the payment client again."));

        Assert.Contains(GuardrailIds.TunnelVision, Given.Firing(state, 18));
    }

    [Fact]
    public void TunnelVision_EvidenceFromBeforeTheHypothesis_DoesNotCount()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-3"));
        state = Given.ApplyAt(state, 1, new AddEntry("symptom", "5xx on /pay"));
        state = WithHypothesisAtMinute2(out _, state);

        Assert.DoesNotContain(GuardrailIds.TunnelVision, Given.Firing(state, 16.5));
        Assert.Contains(GuardrailIds.TunnelVision, Given.Firing(state, 18));
    }

    [Theory]
    [InlineData("rejected")]
    [InlineData("confirmed")]
    public void TunnelVision_HypothesisNoLongerOpen_StaysQuiet(string status)
    {
        var state = WithHypothesisAtMinute2(out var entry);
        state = Given.ApplyAt(state, 10, new SetHypothesis(entry, status, HypothesisEntry));

        Assert.DoesNotContain(GuardrailIds.TunnelVision, Given.Firing(state, 18));
        Assert.DoesNotContain(GuardrailIds.TunnelVision, Given.Firing(state, 600));
    }

    [Fact]
    public void TunnelVision_TwoOpenHypotheses_EachIsRecordedWithItsOwnKey()
    {
        var state = WithHypothesisAtMinute2(out var first);
        state = Given.ApplyAt(state, 5, new AddEntry("hypothesis", "A certificate expired."));
        var second = state.Version;

        var fired = Given.RecordNudges(ref state, 21).Where(f => f.Guardrail == GuardrailIds.TunnelVision).ToList();

        Assert.Equal(2, fired.Count);
        Assert.NotEqual(fired[0].Key, fired[1].Key);
        Assert.Contains(fired, f => f.Message.Contains($"#{first}", StringComparison.Ordinal));
        Assert.Contains(fired, f => f.Message.Contains($"#{second}", StringComparison.Ordinal));
        Assert.DoesNotContain(Given.RecordNudges(ref state, 22), f => f.Guardrail == GuardrailIds.TunnelVision);
    }
}

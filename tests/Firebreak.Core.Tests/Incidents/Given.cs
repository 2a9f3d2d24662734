using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Evidence;
using GuardrailRules = Firebreak.Core.Guardrails.Guardrails;

namespace Firebreak.Core.Tests.Incidents;

/// <summary>Given events, when a command, then events or an error — with no database.</summary>
internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A moment of the scenario, counted in minutes from <see cref="Now"/> (the declaration).</summary>
    public static DateTimeOffset Minute(double minutes) => Now.AddMinutes(minutes);

    public static DecisionContext As(string actor = "alice", DateTimeOffset? now = null) =>
        new(actor, now ?? Now, SeverityScale.Default);

    /// <summary>A context at the given minute of the scenario.</summary>
    public static DecisionContext At(double minute, string actor = "alice") => As(actor, Minute(minute));

    /// <summary>A context that goes past overridable blocking guardrails with this reason.</summary>
    public static DecisionContext Overriding(string reason, string actor = "alice", DateTimeOffset? now = null) =>
        As(actor, now) with { Override = reason };

    /// <summary>Resolves at once past the unverified-resolve guardrail: for tests about what follows a resolution, not about verification.</summary>
    public static IncidentState Resolve(IncidentState state, double? minute = null) =>
        Apply(state, new ChangeStatus("resolved", null), Overriding("checked by hand", now: minute is { } m ? Minute(m) : null));

    /// <summary>Lets the running verification window pass clean, as the verification module does when it ends.</summary>
    public static IncidentState PassWindow(IncidentState state) =>
        Apply(state, new RecordVerification([]), As("firebreak", state.Verification!.EndsAt));

    /// <summary>A context in which these services have health checks.</summary>
    public static DecisionContext Checking(params string[] services) =>
        As() with { CheckedServices = new HashSet<string>(services) };

    /// <summary>The default guardrail settings with one rule changed.</summary>
    public static GuardrailOptions Rule(string id, bool enabled = true, double? afterMinutes = null, GuardrailLevel? level = null)
    {
        var current = GuardrailOptions.Defaults[id];
        var rule = new GuardrailRule(enabled, afterMinutes is { } m ? TimeSpan.FromMinutes(m) : current.After, level ?? current.Level);
        return new GuardrailOptions(new Dictionary<string, GuardrailRule> { [id] = rule });
    }

    public static GuardrailOptions Disabled(string id) => Rule(id, enabled: false);

    public static DeclareIncident Declaration(string title = "Checkout failing", string severity = "SEV-2", string? status = null, bool isPrivate = false, string? commander = null) =>
        new(title, severity, null, null, ["checkout"], null, isPrivate, status, commander);

    /// <summary>Evidence as the caller would record it once the content is stored.</summary>
    public static AttachEvidence Evidence(string name = "api.log", bool verification = false, long number = 1) =>
        new(number, EvidenceKind.Text, name, new string('a', 64), 1024, null, verification);

    /// <summary>Evidence that the fix holds from the user's side.</summary>
    public static AttachEvidence VerificationEvidence(string name = "GET /pay returns 200 again") => Evidence(name, verification: true);

    /// <summary>Folds the events a sequence of commands produces, failing the test on any rejection.</summary>
    public static IncidentState Incident(params IIncidentCommand[] commands)
    {
        IncidentState? state = null;
        foreach (var command in commands)
        {
            state = Apply(state, command, As());
        }

        return state!;
    }

    public static IncidentState Apply(IncidentState? state, IIncidentCommand command, DecisionContext context)
    {
        var decision = Decide(state, command, context);
        Assert.True(decision.IsSuccess, decision.Error?.Message);
        return Record(state, decision.Value, context);
    }

    /// <summary>Applies the command at the given minute of the scenario.</summary>
    public static IncidentState ApplyAt(IncidentState state, double minute, IIncidentCommand command, string actor = "alice") =>
        Apply(state, command, At(minute, actor));

    /// <summary>Folds already decided events as if recorded now by the context's actor.</summary>
    public static IncidentState Record(IncidentState? state, IReadOnlyList<IIncidentEvent> events, DecisionContext context)
    {
        var version = state?.Version ?? 0;
        return Core.Incidents.Incident.Fold(state, events.Select(e => new RecordedEvent(7, ++version, e, context.Actor, context.Now)))!;
    }

    public static Result<IReadOnlyList<IIncidentEvent>> Decide(IncidentState? state, IIncidentCommand command, DecisionContext context) =>
        Core.Incidents.Incident.Decide(state, command, context);

    public static IReadOnlyList<IIncidentEvent> Events(IncidentState? state, IIncidentCommand command, string actor = "alice") =>
        Events(state, command, As(actor));

    public static IReadOnlyList<IIncidentEvent> Events(IncidentState? state, IIncidentCommand command, DecisionContext context)
    {
        var decision = Decide(state, command, context);
        Assert.True(decision.IsSuccess, decision.Error?.Message);
        return decision.Value;
    }

    public static TError Rejection<TError>(IncidentState? state, IIncidentCommand command, string actor = "alice")
        where TError : Error =>
        Rejection<TError>(state, command, As(actor));

    public static TError Rejection<TError>(IncidentState? state, IIncidentCommand command, DecisionContext context)
        where TError : Error
    {
        var decision = Decide(state, command, context);
        Assert.False(decision.IsSuccess, "The command was accepted but should have been rejected.");
        return Assert.IsType<TError>(decision.Error);
    }

    /// <summary>The findings that hold at the given minute.</summary>
    public static IReadOnlyList<Finding> Findings(IncidentState state, double minute, GuardrailOptions? options = null) =>
        GuardrailRules.Evaluate(state, SeverityScale.Default.PolicyOf(state.Severity), options ?? GuardrailOptions.Default, Minute(minute));

    /// <summary>The ids of the guardrails whose findings hold at the given minute.</summary>
    public static IReadOnlyList<string> Firing(IncidentState state, double minute, GuardrailOptions? options = null) =>
        [.. Findings(state, minute, options).Select(f => f.Guardrail)];

    public static DateTimeOffset? NextCheck(IncidentState state, double minute, GuardrailOptions? options = null) =>
        GuardrailRules.NextCheck(state, SeverityScale.Default.PolicyOf(state.Severity), options ?? GuardrailOptions.Default, Minute(minute));

    /// <summary>What the scheduler does at the given minute: decide RecordNudges, record the events, return them.</summary>
    public static IReadOnlyList<GuardrailFired> RecordNudges(ref IncidentState state, double minute, GuardrailOptions? options = null)
    {
        var context = At(minute, "firebreak") with { Guardrails = options ?? GuardrailOptions.Default };
        var events = Events(state, new RecordNudges(), context);
        state = Record(state, events, context);
        return [.. events.Cast<GuardrailFired>()];
    }
}

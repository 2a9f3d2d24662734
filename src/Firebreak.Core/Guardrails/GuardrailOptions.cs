namespace Firebreak.Core.Guardrails;

/// <summary>One guardrail's settings: on or off, its delay, and its level.</summary>
public sealed record GuardrailRule(bool Enabled, TimeSpan After, GuardrailLevel Level);

/// <summary>The stable ids of the guardrails that watch a live incident.</summary>
public static class GuardrailIds
{
    public const string NoCommander = "no-commander";
    public const string RolesRequired = "roles-required";
    public const string Silence = "silence";
    public const string MitigateFirst = "mitigate-first";
    public const string HeroDebugging = "hero-debugging";
    public const string TwoChanges = "two-changes";
    public const string NoRollbackPlan = "no-rollback-plan";
    public const string UnsafeRollback = "unsafe-rollback";
    public const string RiskyAction = "risky-action";
    public const string UnsafeCommand = "unsafe-command";
    public const string TunnelVision = "tunnel-vision";
    public const string NoEvidence = "no-evidence";
    public const string UnverifiedResolve = "unverified-resolve";
    public const string SilentResolve = "silent-resolve";
    public const string ManyVoices = "many-voices";
}

/// <summary>The settings of every guardrail; unlisted ones keep their defaults.</summary>
public sealed class GuardrailOptions
{
    public GuardrailOptions(IReadOnlyDictionary<string, GuardrailRule>? overrides = null)
    {
        var rules = new Dictionary<string, GuardrailRule>(Defaults);
        foreach (var (id, rule) in overrides ?? new Dictionary<string, GuardrailRule>())
        {
            rules[id] = rule;
        }

        Rules = rules;
    }

    public static IReadOnlyDictionary<string, GuardrailRule> Defaults { get; } = new Dictionary<string, GuardrailRule>
    {
        [GuardrailIds.NoCommander] = new(true, TimeSpan.FromMinutes(5), GuardrailLevel.Warn),
        [GuardrailIds.RolesRequired] = new(true, TimeSpan.Zero, GuardrailLevel.Info),
        [GuardrailIds.Silence] = new(true, TimeSpan.Zero, GuardrailLevel.Warn),
        [GuardrailIds.MitigateFirst] = new(true, TimeSpan.FromMinutes(15), GuardrailLevel.Warn),
        [GuardrailIds.HeroDebugging] = new(true, TimeSpan.FromMinutes(15), GuardrailLevel.Warn),
        [GuardrailIds.TwoChanges] = new(true, TimeSpan.Zero, GuardrailLevel.Block),
        [GuardrailIds.NoRollbackPlan] = new(true, TimeSpan.Zero, GuardrailLevel.Block),
        [GuardrailIds.UnsafeRollback] = new(true, TimeSpan.Zero, GuardrailLevel.Block),
        [GuardrailIds.RiskyAction] = new(true, TimeSpan.Zero, GuardrailLevel.Block),
        [GuardrailIds.UnsafeCommand] = new(true, TimeSpan.Zero, GuardrailLevel.Warn),
        [GuardrailIds.TunnelVision] = new(true, TimeSpan.FromMinutes(15), GuardrailLevel.Warn),
        [GuardrailIds.NoEvidence] = new(true, TimeSpan.FromMinutes(30), GuardrailLevel.Warn),
        [GuardrailIds.UnverifiedResolve] = new(true, TimeSpan.Zero, GuardrailLevel.Block),
        [GuardrailIds.SilentResolve] = new(true, TimeSpan.Zero, GuardrailLevel.Warn),
        [GuardrailIds.ManyVoices] = new(true, TimeSpan.Zero, GuardrailLevel.Warn),
    };

    public static GuardrailOptions Default { get; } = new();

    public IReadOnlyDictionary<string, GuardrailRule> Rules { get; }

    public GuardrailRule this[string id] => Rules[id];
}

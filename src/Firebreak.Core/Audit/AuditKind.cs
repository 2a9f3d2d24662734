using System.Text.Json.Serialization;

namespace Firebreak.Core.Audit;

/// <summary>The security-relevant actions the audit log records; the wire names are what filters take.</summary>
public enum AuditKind
{
    [JsonStringEnumMemberName("sign-in")]
    SignIn,

    [JsonStringEnumMemberName("sign-in-failed")]
    SignInFailed,

    [JsonStringEnumMemberName("sign-in-throttled")]
    SignInThrottled,

    [JsonStringEnumMemberName("sign-out")]
    SignOut,

    [JsonStringEnumMemberName("sessions-ended")]
    SessionsEnded,

    [JsonStringEnumMemberName("token-created")]
    TokenCreated,

    [JsonStringEnumMemberName("token-revoked")]
    TokenRevoked,

    [JsonStringEnumMemberName("account-created")]
    AccountCreated,

    [JsonStringEnumMemberName("role-changed")]
    RoleChanged,

    [JsonStringEnumMemberName("account-disabled")]
    AccountDisabled,

    [JsonStringEnumMemberName("account-enabled")]
    AccountEnabled,

    [JsonStringEnumMemberName("password-changed")]
    PasswordChanged,

    [JsonStringEnumMemberName("guardrail-overridden")]
    GuardrailOverridden,

    [JsonStringEnumMemberName("member-added")]
    MemberAdded,

    [JsonStringEnumMemberName("component-status-set")]
    ComponentStatusSet,

    [JsonStringEnumMemberName("uptime-corrected")]
    UptimeCorrected,
}

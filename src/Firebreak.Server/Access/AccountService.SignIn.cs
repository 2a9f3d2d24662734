using Firebreak.Core.Access;
using Firebreak.Core.Audit;
using Firebreak.Storage.Access;
using Firebreak.Storage.Streams;
using Microsoft.AspNetCore.Identity;

namespace Firebreak.Server.Access;

/// <summary>
/// How a sign-in went: the account, or a refusal; when <see cref="RetryAfter"/> is set the attempt
/// was not even checked (too many failures, or too many checks under way) and may be repeated then.
/// <see cref="Session"/> is the new web session's secret when one was asked for.
/// </summary>
public sealed record SignInOutcome(User? User, TimeSpan? RetryAfter = null, string? Session = null);

public sealed partial class AccountService
{
    /// <summary>Password checks allowed at once; more wait, so anonymous guessing cannot take every core.</summary>
    public static readonly int ConcurrentPasswordChecks = Math.Max(2, Environment.ProcessorCount);

    /// <summary>How long a check waits for its turn before the attempt is refused as busy.</summary>
    public static readonly TimeSpan PasswordCheckWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _passwordChecks = new(ConcurrentPasswordChecks);

    // A hash of nothing anyone knows: an unknown or disabled account is checked against it, so that
    // refusing it takes as long as refusing a wrong password for a real account.
    private readonly Lazy<string> _decoy = new(() => new PasswordHasher<string>().HashPassword(string.Empty, Tokens.NewPassword()));

    private long _passwordsChecked;
    private int _checking;
    private int _peakChecking;

    /// <summary>Password hashes checked since start: the same work whether the account exists or not.</summary>
    public long PasswordsChecked => Interlocked.Read(ref _passwordsChecked);

    /// <summary>The most password checks that ran at once since start (never above <see cref="ConcurrentPasswordChecks"/>).</summary>
    public int PeakConcurrentChecks => Volatile.Read(ref _peakChecking);

    /// <summary>
    /// Signs in with a username and password (the web form, or Basic on the API): throttled per
    /// account and per client address, the same work for unknown, disabled and real accounts, and
    /// audited either way. With <paramref name="startSession"/> a web session begins on success.
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(string username, string password, bool startSession, CancellationToken cancellationToken)
    {
        var address = WriteOrigin.Current;
        if (Accounts.SignInName(username) is not { } name)
        {
            // No account can have this name (it holds control or bidirectional characters): it is not
            // looked up, and the log records the attempt without the characters themselves.
            await audit.RecordAsync(
                new AuditEntry(0, clock.GetUtcNow(), "(unusable name)", AuditKind.SignInFailed, null, address, "A sign-in with a name no account can have (control or bidirectional characters) was refused."),
                cancellationToken);
            return new SignInOutcome(null);
        }

        if (throttle.Wait(name, address) is { } wait)
        {
            return new SignInOutcome(null, wait);
        }

        var user = await users.FindAsync(name, cancellationToken);
        var candidate = user is { Disabled: false, PasswordHash: not null } ? user : null;
        var verified = await VerifyAsync(candidate?.Username ?? string.Empty, candidate?.PasswordHash ?? _decoy.Value, password, cancellationToken);
        if (verified is null)
        {
            return new SignInOutcome(null, TimeSpan.FromSeconds(1));
        }

        var now = clock.GetUtcNow();
        if (verified == true && candidate is not null)
        {
            throttle.Succeeded(name);
            if (startSession)
            {
                return new SignInOutcome(candidate, null, await sessions.StartAsync(candidate, cancellationToken));
            }

            await audit.RecordAsync(new AuditEntry(0, now, candidate.Username, AuditKind.SignIn, candidate.Username, address, $"{candidate.Username} signed in with a password over the API."), cancellationToken);
            return new SignInOutcome(candidate);
        }

        var next = throttle.Failed(name, address);
        var why = user is null ? "no such account" : user.Disabled ? "the account is disabled" : "wrong password";
        var shown = Clip(name);
        await audit.RecordAsync(
            new AuditEntry(0, now, shown, next is null ? AuditKind.SignInFailed : AuditKind.SignInThrottled, shown, address,
                next is null
                    ? $"A sign-in as '{shown}' was refused ({why})."
                    : $"A sign-in as '{shown}' was refused ({why}); further attempts wait {Math.Ceiling(next.Value.TotalSeconds):0} s."),
            cancellationToken);
        return new SignInOutcome(null);
    }

    /// <summary>Checks a password against a hash under the bound on concurrent checks; null when no turn came in time.</summary>
    private async Task<bool?> VerifyAsync(string username, string hash, string password, CancellationToken cancellationToken)
    {
        if (!await _passwordChecks.WaitAsync(PasswordCheckWait, cancellationToken))
        {
            return null;
        }

        var running = Interlocked.Increment(ref _checking);
        try
        {
            Interlocked.Increment(ref _passwordsChecked);
            var peak = Volatile.Read(ref _peakChecking);
            while (running > peak && Interlocked.CompareExchange(ref _peakChecking, running, peak) != peak)
            {
                peak = Volatile.Read(ref _peakChecking);
            }

            return _hasher.VerifyHashedPassword(username, hash, password) != PasswordVerificationResult.Failed;
        }
        finally
        {
            Interlocked.Decrement(ref _checking);
            _passwordChecks.Release();
        }
    }

    /// <summary>Hashes a new password under the same bound as checks.</summary>
    private async Task<string> HashAsync(string username, string password, CancellationToken cancellationToken)
    {
        await _passwordChecks.WaitAsync(cancellationToken);
        try
        {
            return _hasher.HashPassword(username, password);
        }
        finally
        {
            _passwordChecks.Release();
        }
    }

    /// <summary>A tried username as the audit log shows it: at most 64 characters.</summary>
    private static string Clip(string name) => name.Length <= 64 ? name : name[..64] + "…";
}

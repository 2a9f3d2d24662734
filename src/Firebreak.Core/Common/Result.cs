namespace Firebreak.Core.Common;

/// <summary>An expected failure: something the caller can fix. Bugs are exceptions, not errors.</summary>
public abstract record Error(string Message);

/// <summary>The thing asked for does not exist, or the caller may not know it exists.</summary>
public sealed record NotFound(string Message) : Error(Message);

/// <summary>The caller's view is stale: another change came first.</summary>
public sealed record Conflict(string Message, long? CurrentVersion = null) : Error(Message);

/// <summary>The input is wrong; <see cref="Field"/> names what to fix.</summary>
public sealed record Invalid(string Field, string Message) : Error(Message);

/// <summary>The caller is known but may not do this.</summary>
public sealed record Forbidden(string Message) : Error(Message);

/// <summary>Either a value or an <see cref="Error"/>.</summary>
public readonly record struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => Error is null ? _value! : throw new InvalidOperationException($"No value: {Error.Message}");

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);

    public static implicit operator Result<T>(Error error) => Fail(error);

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess ? map(Value) : Result<TOut>.Fail(Error!);
}

/// <summary>A guardrail refused the command; an override reason lets an overridable one through.</summary>
public sealed record GuardrailBlocked(string Message, IReadOnlyList<Guardrails.Finding> Findings) : Error(Message)
{
    /// <summary>The incident's key, so that an interface can render the fix for it.</summary>
    public string? Incident { get; init; }
}

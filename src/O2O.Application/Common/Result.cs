namespace O2O.Application.Common;

/// <summary>How the edge should answer an expected business outcome that is not a success.</summary>
public enum ErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    Unprocessable,
    Locked,
    Unavailable,
}

/// <summary>
/// An expected business outcome (out of stock, slot full, wrong code): a value, not an exception. <see cref="Code"/> is
/// the stable name clients match on; <see cref="Message"/> is in the reader's language, taken from Messages.resx while
/// the handler runs inside the caller's request (ADR 30).
/// </summary>
public sealed record Error(ErrorKind Kind, string Code, string Message, IReadOnlyDictionary<string, object?>? Details = null)
{
    /// <summary><paramref name="message"/> is a whole sentence (Messages.NotFound_Order), never a noun to build one from.</summary>
    public static Error NotFound(string message) => new(ErrorKind.NotFound, "not_found", message);

    public static Error Invalid(string field, string message) =>
        new(ErrorKind.Invalid, "invalid", message, new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });
}

public readonly struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public Error? Error { get; }
    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);
}

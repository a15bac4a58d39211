using O2O.Application.Common;

namespace O2O.Web.Api;

/// <summary>
/// The one place where a business outcome becomes an HTTP status. The title is the error's message, already in the
/// caller's language; the status, <c>type</c> and <c>code</c> are the same in every language.
/// </summary>
public static class ErrorResults
{
    public static IResult ToProblem(this Error error)
    {
        var problem = error.ToProblemDetails();
        return TypedResults.Problem(problem);
    }

    public static Microsoft.AspNetCore.Mvc.ProblemDetails ToProblemDetails(this Error error)
    {
        var status = error.Kind switch
        {
            ErrorKind.Invalid => StatusCodes.Status400BadRequest,
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
            ErrorKind.Locked => StatusCodes.Status429TooManyRequests,
            ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        };
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Details is not null)
            foreach (var (key, value) in error.Details) extensions[key] = value;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Type = TypeFor(status), Title = error.Message, Status = status };
        foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        return problem;
    }

    /// <summary>
    /// The RFC that defines the status, as the framework's own problems name it: set here too because a placed order's
    /// answer is stored and replayed as written, without the problem details service that would fill it in.
    /// </summary>
    public static string? TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        StatusCodes.Status404NotFound => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        StatusCodes.Status409Conflict => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        StatusCodes.Status422UnprocessableEntity => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        StatusCodes.Status503ServiceUnavailable => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => null,
    };

    /// <summary><paramref name="message"/> is a whole sentence in the caller's language (Messages.NotFound_Order).</summary>
    public static IResult NotFound(string message) => Error.NotFound(message).ToProblem();

    public static IResult OkOrNotFound<T>(T? value, string message) where T : class =>
        value is null ? NotFound(message) : TypedResults.Ok(value);
}

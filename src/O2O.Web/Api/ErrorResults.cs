using O2O.Application.Common;

namespace O2O.Web.Api;

/// <summary>The one place where a business outcome becomes an HTTP status.</summary>
public static class ErrorResults
{
    public static IResult ToProblem(this Error error)
    {
        var status = error.Kind switch
        {
            ErrorKind.Invalid => StatusCodes.Status400BadRequest,
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
            ErrorKind.Locked => StatusCodes.Status423Locked,
            _ => StatusCodes.Status400BadRequest,
        };
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Details is not null)
            foreach (var (key, value) in error.Details) extensions[key] = value;
        return TypedResults.Problem(title: error.Message, statusCode: status, extensions: extensions);
    }

    public static IResult NotFound(string what) => Error.NotFound(what).ToProblem();

    public static IResult OkOrNotFound<T>(T? value, string what) where T : class =>
        value is null ? NotFound(what) : TypedResults.Ok(value);
}

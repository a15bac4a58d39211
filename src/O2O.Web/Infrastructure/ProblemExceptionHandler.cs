using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Domain.Common;

namespace O2O.Web.Infrastructure;

/// <summary>Turns exceptions into RFC 9457 problem+json. Stack traces never leave the server.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already rewritten the path to the error page; the feature keeps the original one.
        var originalPath = http.Features.Get<IExceptionHandlerFeature>()?.Path ?? http.Request.Path;
        if (!originalPath.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);
            return false; // pages re-execute /error/500
        }

        ProblemDetails problem = exception switch
        {
            ValidationException v => new HttpValidationProblemDetails(
                v.Errors.GroupBy(e => ToCamelCase(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is invalid.",
            },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = "The request is invalid.", Detail = b.Message },
            DomainException d => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "The request conflicts with the current state.", Detail = d.Message },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Someone else changed this at the same time. Reload and try again.",
            },
            // Thrown before the command commits, so nothing changed and the same request can simply be retried.
            PaymentGatewayException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The payment provider could not be reached or refused the request. Nothing was changed; please try again.",
            },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." },
        };
        if (problem.Status >= 500) logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>"Lines[0].Quantity" becomes "lines[0].quantity", matching the JSON the client sent.</summary>
    internal static string ToCamelCase(string name) =>
        string.Join('.', name.Split('.').Select(part => string.IsNullOrEmpty(part) ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}

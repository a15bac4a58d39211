using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Domain.Common;
using O2O.Infrastructure.Data;

namespace O2O.Web.Infrastructure;

/// <summary>Turns exceptions into RFC 9457 problem+json. Stack traces never leave the server.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already rewritten the path to the error page; the feature keeps the original one.
        var feature = http.Features.Get<IExceptionHandlerFeature>();
        var originalPath = feature?.Path ?? http.Request.Path;
        var transient = DatabaseFailures.IsTransient(exception);
        if (transient)
        {
            // Expected while PostgreSQL restarts or fails over; the request changed nothing (one transaction per command).
            logger.LogWarning(exception, "The database is unavailable for {Method} {Path}", http.Request.Method, originalPath);
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (!originalPath.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            if (!transient) logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, originalPath);
            return false; // pages re-execute /error with the status StatusFor chose
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
            BadHttpRequestException b => new HttpValidationProblemDetails(
                InputErrors.FromBinding(b, feature?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType))
            {
                Status = b.StatusCode,
                Title = b.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Send the body as application/json." : "The request is invalid.",
            },
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
            _ when transient => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is briefly unavailable. Nothing was changed; please try again in a moment.",
            },
            _ when DatabaseFailures.IsBadValue(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "A value in the request is out of range or contains a character that cannot be stored.",
            },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." },
        };
        if (problem.Status >= 500 && !transient) logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public const int RetryAfterSeconds = 5;

    /// <summary>The status a page's error view shows; the API's own mapping above agrees with it.</summary>
    public static int StatusFor(Exception exception) =>
        DatabaseFailures.IsTransient(exception) ? StatusCodes.Status503ServiceUnavailable
        : DatabaseFailures.IsBadValue(exception) ? StatusCodes.Status400BadRequest
        : StatusCodes.Status500InternalServerError;

    /// <summary>"Lines[0].Quantity" becomes "lines[0].quantity", matching the JSON the client sent.</summary>
    internal static string ToCamelCase(string name) =>
        string.Join('.', name.Split('.').Select(part => string.IsNullOrEmpty(part) ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}

using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Common;
using O2O.Infrastructure.Data;

namespace O2O.Web.Infrastructure;

/// <summary>
/// Turns exceptions into RFC 9457 problem+json. Stack traces never leave the server. The title and detail are in the
/// caller's language; the status, <c>type</c>, <c>code</c> and field names are the same in every language.
/// </summary>
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

        // The exception has climbed back out of the request localization middleware, and with it out of the culture
        // that middleware set; the culture it chose is still on the request.
        using var language = CultureScope.Use(http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name);
        var problem = Describe(exception, feature, transient);
        if (problem.Status >= 500 && !transient) logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Describe(Exception exception, IExceptionHandlerFeature? feature, bool transient) =>
        exception switch
        {
            ValidationException v => new HttpValidationProblemDetails(
                v.Errors.GroupBy(e => ToCamelCase(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = Messages.Problem_Invalid,
            },
            BadHttpRequestException b => new HttpValidationProblemDetails(
                InputErrors.FromBinding(b, feature?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType))
            {
                Status = b.StatusCode,
                Title = b.StatusCode == StatusCodes.Status415UnsupportedMediaType ? Messages.Problem_SendJson : Messages.Problem_Invalid,
            },
            DomainException d => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = Messages.Problem_Conflict,
                Detail = DomainErrors.Describe(d),
                Extensions = { ["code"] = DomainErrors.Code(d) },
            },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = Messages.Problem_Concurrency,
            },
            // Thrown before the command commits, so nothing changed and the same request can simply be retried.
            PaymentGatewayException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = Messages.Problem_PaymentProvider,
            },
            _ when transient => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = Messages.Problem_Unavailable,
            },
            _ when DatabaseFailures.IsBadValue(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = Messages.Problem_BadValue,
            },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = Messages.Problem_Unexpected },
        };

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

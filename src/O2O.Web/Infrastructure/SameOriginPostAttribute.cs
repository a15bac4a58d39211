using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using O2O.Application.Localization;

namespace O2O.Web.Infrastructure;

/// <summary>
/// Cross-site request forgery protection without a token, for a form whose page must stay cacheable (ADR 13).
/// As Go's net/http CrossOriginProtection: a browser says where an unsafe request comes from in Sec-Fetch-Site or,
/// if it predates that header, in Origin; a request with neither is not from a browser, so it carries no visitor's
/// cookies against their will. Use with [IgnoreAntiforgeryToken].
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SameOriginPostAttribute : Attribute, IAuthorizationFilter
{
    public static string RefusedMessage => Messages.SameOriginRefused;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (IsAllowed(request)) return;
        context.HttpContext.RequestServices.GetRequiredService<ILogger<SameOriginPostAttribute>>().LogInformation(
            "Refused a cross-origin {Method} to {Path}: Sec-Fetch-Site {SecFetchSite}, Origin {Origin}, Host {Host}",
            request.Method, request.Path, request.Headers["Sec-Fetch-Site"].ToString(), request.Headers.Origin.ToString(), request.Host.Value);
        context.Result = new ContentResult
        {
            StatusCode = StatusCodes.Status403Forbidden,
            ContentType = "text/plain; charset=utf-8",
            Content = RefusedMessage,
        };
    }

    public static bool IsAllowed(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return true;

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0) return site is "same-origin" or "none"; // "none": typed or bookmarked by the user

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return true;
        // An origin is scheme://host[:port] (RFC 6454), so what follows "://" compares with the Host header as
        // sent. "null" (a sandboxed or privacy-sensitive context) has no "://" and is refused.
        var hostStart = origin.IndexOf("://", StringComparison.Ordinal);
        return hostStart > 0 && string.Equals(origin[(hostStart + 3)..], request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}

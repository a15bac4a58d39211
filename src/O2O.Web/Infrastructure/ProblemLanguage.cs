using System.Globalization;
using Microsoft.AspNetCore.Localization;
using O2O.Application.Localization;

namespace O2O.Web.Infrastructure;

/// <summary>
/// A problem written with the framework's own title (a bare 401, 403 or 404 the status-code pages fill in outside the
/// request localization middleware, or "One or more validation errors occurred.") gets a title in the caller's
/// language, from the culture the request chose. Titles of our own are already translated and are left alone;
/// <c>type</c> never changes, and every validation problem carries the stable <c>code</c> "invalid".
/// </summary>
internal static class ProblemLanguage
{
    public const string InvalidCode = "invalid";

    private const string FrameworkValidationTitle = "One or more validation errors occurred.";

    public static void Localize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem is HttpValidationProblemDetails) problem.Extensions.TryAdd("code", InvalidCode);
        if (problem.Status is not { } status || problem.Title is null) return;
        var key = problem is HttpValidationProblemDetails && problem.Title == FrameworkValidationTitle
            ? nameof(Messages.Problem_Invalid)
            : "Status_" + status.ToString(CultureInfo.InvariantCulture);
        if (key != nameof(Messages.Problem_Invalid) && problem.Title != Messages.ResourceManager.GetString(key, CultureInfo.InvariantCulture)) return;
        using var language = CultureScope.Use(context.HttpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name);
        problem.Title = Messages.ResourceManager.GetString(key, CultureInfo.CurrentUICulture) ?? problem.Title;
    }
}

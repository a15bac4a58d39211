using System.Globalization;
using Microsoft.AspNetCore.Localization;
using O2O.Application.Localization;

namespace O2O.Web.Infrastructure;

/// <summary>
/// A problem written with the framework's own title for its status (a bare 401, 403 or 404 the status-code pages fill
/// in, outside the request localization middleware) gets that title in the caller's language, from the culture the
/// request chose. Titles of our own are already translated and are left alone; <c>type</c> never changes.
/// </summary>
internal static class ProblemLanguage
{
    public static void Localize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status is not { } status || problem.Title is null) return;
        var key = "Status_" + status.ToString(CultureInfo.InvariantCulture);
        if (problem.Title != Messages.ResourceManager.GetString(key, CultureInfo.InvariantCulture)) return;
        using var language = CultureScope.Use(context.HttpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name);
        problem.Title = Messages.ResourceManager.GetString(key, CultureInfo.CurrentUICulture) ?? problem.Title;
    }
}

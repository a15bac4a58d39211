using System.Globalization;
using Microsoft.AspNetCore.Localization;
using O2O.Application.Localization;
using O2O.Infrastructure.Identity;

namespace O2O.Web.Infrastructure;

/// <summary>
/// Which language a request is answered in: <c>?culture=</c>, the culture cookie, the signed-in account's language,
/// <c>Accept-Language</c>, then English (ADR 30). Formats follow the language, so the culture and the UI culture are
/// always the same.
/// </summary>
public static class RequestCultures
{
    /// <summary>The cookie the language switcher sets; a year, like a shopper's other site preferences.</summary>
    public const string CookieName = "o2o.culture";

    public static IServiceCollection AddO2OLocalization(this IServiceCollection services) =>
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Cultures.All.ToList();
            o.DefaultRequestCulture = new RequestCulture(Cultures.Default);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.ApplyCurrentCultureToResponseHeaders = true;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider { CookieName = CookieName },
                new CustomRequestCultureProvider(context => Task.FromResult(Account(context))),
                new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 },
            ];
        });

    /// <summary>After authentication, so the account's language is known; before anything renders or caches.</summary>
    public static IApplicationBuilder UseO2OLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    public static void SetCookie(HttpContext context, string culture, DateTimeOffset now) =>
        context.Response.Cookies.Append(CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)), new CookieOptions
        {
            Expires = now.AddYears(1),
            IsEssential = true,
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
        });

    /// <summary>The page the visitor is on, without a culture in its query, so the choice just made is not overruled.</summary>
    public static string CurrentPageWithoutCulture(HttpRequest request)
    {
        var query = request.Query.Where(q => q.Key is not ("culture" or "ui-culture"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        return request.PathBase + request.Path + QueryString.Create(query);
    }

    /// <summary>"rtl" for Arabic, "ltr" otherwise: the <c>dir</c> of every page's root element.</summary>
    public static string Direction => Cultures.IsRightToLeft(CultureInfo.CurrentUICulture) ? "rtl" : "ltr";

    public static string Language => CultureInfo.CurrentUICulture.Name;

    private static ProviderCultureResult? Account(HttpContext context) =>
        context.User.FindFirst(AppUserClaimsFactory.LocaleClaim)?.Value is { } culture && Cultures.Match(culture) is { } supported
            ? new ProviderCultureResult(supported)
            : null;
}

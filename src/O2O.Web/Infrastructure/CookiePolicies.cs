using Microsoft.AspNetCore.Mvc;

namespace O2O.Web.Infrastructure;

/// <summary>
/// Every cookie the app sets: Secure whenever the request came over HTTPS (behind a proxy, forwarded headers make it
/// so), HttpOnly since no script of ours reads a cookie, and a SameSite chosen for what the cookie is for.
/// The cart cookie sets the same itself (Storefront/CartCookie.cs).
/// </summary>
public static class CookiePolicies
{
    public static IServiceCollection AddO2OCookies(this IServiceCollection services)
    {
        // Strict: the token only ever goes back with a form of our own, never with a request another site starts.
        services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // Lax: the message is read on the page a same-site redirect lands on.
        services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        // Lax: a shopper following the link in an order email arrives signed in; a cross-site POST does not carry it.
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        return services;
    }
}

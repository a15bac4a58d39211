using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Localization;
using O2O.Infrastructure.Identity;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages;

/// <summary>
/// The language switcher's target: remembers the choice (cookie, and account when signed in) and goes back. The switcher
/// is on every page, the cached catalog pages too, so it carries no antiforgery token (ADR 13): a cross-site post is
/// refused by where it comes from.
/// </summary>
[SameOriginPost, IgnoreAntiforgeryToken]
public sealed class CultureModel(SignInManager<AppUser> signIn, TimeProvider clock) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl)
    {
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
        if (Cultures.Match(culture) is not { } chosen) return LocalRedirect(back);
        RequestCultures.SetCookie(HttpContext, chosen, clock.GetUtcNow());
        if (signIn.IsSignedIn(User) && await signIn.UserManager.GetUserAsync(User) is { } user && user.PreferredCulture != chosen)
        {
            user.PreferredCulture = chosen;
            await signIn.UserManager.UpdateAsync(user);
            // The sign-in carries the language (AppUserClaimsFactory): renew it, so other devices follow at their next check.
            await signIn.RefreshSignInAsync(user);
        }
        return LocalRedirect(back);
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Infrastructure.Identity;
using Texts = O2O.Web.Localization.Account;

namespace O2O.Web.Pages.Account;

/// <summary>The invitation link: a one-time Identity token lets the invited member choose a password.</summary>
public sealed class SetPasswordModel(UserManager<AppUser> users) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string? password)
    {
        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        if (user is null || string.IsNullOrEmpty(Token))
        {
            ModelState.AddModelError(string.Empty, Texts.SetPassword_InvalidLink);
            return Page();
        }
        var result = await users.ResetPasswordAsync(user, Token, password ?? "");
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code == "InvalidToken" ? string.Empty : "password",
                    e.Code == "InvalidToken" ? Texts.SetPassword_ExpiredLink : e.Description);
            return Page();
        }
        TempData["Message"] = Texts.SetPassword_Done;
        return Redirect("/Account/Login");
    }
}

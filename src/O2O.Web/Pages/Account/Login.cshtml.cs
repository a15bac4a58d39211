using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Infrastructure.Identity;
using O2O.Web.Storefront;
using Texts = O2O.Web.Localization.Account;

namespace O2O.Web.Pages.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, Mediator.ISender sender) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.EmailRequired)), EmailAddress(ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.EmailInvalid)), StringLength(254, ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.EmailTooLong))]
        public string Email { get; set; } = "";

        [Required(ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.PasswordRequired)), StringLength(200, ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.PasswordTooLong))]
        public string Password { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded && await signIn.UserManager.FindByEmailAsync(Input.Email.Trim()) is { } user)
        {
            CartCookie.Set(HttpContext, await sender.Send(new O2O.Application.Carts.AdoptCartOnSignIn(CartCookie.Get(HttpContext), user.Id)));
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : await HomeOfAsync(user));
        }
        ModelState.AddModelError(string.Empty, result.IsLockedOut ? Texts.Login_LockedOut : Texts.Login_Failed);
        return Page();
    }

    /// <summary>Where an account works: staff and admins come to sign in for their desk, not to shop.</summary>
    private async Task<string> HomeOfAsync(AppUser user)
    {
        var roles = await signIn.UserManager.GetRolesAsync(user);
        return roles.Contains(Roles.Admin) ? "/admin" : roles.Contains(Roles.Staff) ? "/staff" : "/";
    }
}

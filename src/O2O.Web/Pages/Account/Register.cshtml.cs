using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Orders;
using O2O.Infrastructure.Identity;

namespace O2O.Web.Pages.Account;

public sealed class RegisterModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, ISender sender) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your name."), StringLength(200)]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter your email."), EmailAddress(ErrorMessage = "Enter a valid email address."), StringLength(254)]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password."), StringLength(200)]
        public string Password { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var email = Input.Email.Trim();
        var user = new AppUser { UserName = email, Email = email, DisplayName = Input.Name.Trim() };
        var created = await users.CreateAsync(user, Input.Password);
        if (!created.Succeeded)
        {
            foreach (var e in created.Errors)
                ModelState.AddModelError(e.Code.Contains("Password", StringComparison.Ordinal) ? "Input.Password" :
                    e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "Input.Email" : string.Empty,
                    e.Code is "DuplicateUserName" or "DuplicateEmail" ? "An account with this email already exists. Sign in instead." : e.Description);
            return Page();
        }
        await users.AddToRoleAsync(user, Roles.Shopper);
        var claimed = await sender.Send(new ClaimGuestOrders(user.Id, email), ct);
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        await signIn.SignInAsync(user, isPersistent: true);
        O2O.Web.Storefront.CartCookie.Set(HttpContext,
            await sender.Send(new O2O.Application.Carts.AdoptCartOnSignIn(O2O.Web.Storefront.CartCookie.Get(HttpContext), user.Id), ct));
        TempData["Message"] = claimed > 0 ? $"Welcome! {claimed} earlier order{(claimed == 1 ? " is" : "s are")} now in your account." : "Welcome to O2O!";
        return Redirect("/account/orders");
    }
}

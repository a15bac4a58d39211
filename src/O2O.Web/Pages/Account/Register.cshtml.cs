using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Localization;
using O2O.Application.Marketing;
using O2O.Application.Orders;
using O2O.Infrastructure.Identity;
using Texts = O2O.Web.Localization.Account;

namespace O2O.Web.Pages.Account;

public sealed class RegisterModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, ISender sender) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.Register_NameRequired)), StringLength(200, ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.Register_NameTooLong))]
        public string Name { get; set; } = "";

        [Required(ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.EmailRequired)), EmailAddress(ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.EmailInvalid)), StringLength(254, ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.EmailTooLong))]
        public string Email { get; set; } = "";

        [Required(ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.Register_PasswordRequired)), StringLength(200, ErrorMessageResourceType = typeof(Texts), ErrorMessageResourceName = nameof(Texts.PasswordTooLong))]
        public string Password { get; set; } = "";

        /// <summary>Unticked unless the shopper ticks it; the answer is recorded either way, with where it was given.</summary>
        public bool MarketingConsent { get; set; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var email = Input.Email.Trim();
        // The language the page was read in becomes the account's, so its emails and its pages on any device speak it too.
        var user = new AppUser { UserName = email, Email = email, DisplayName = Input.Name.Trim(), PreferredCulture = CultureInfo.CurrentUICulture.Name };
        var created = await users.CreateAsync(user, Input.Password);
        if (!created.Succeeded)
        {
            foreach (var e in created.Errors)
                ModelState.AddModelError(e.Code.Contains("Password", StringComparison.Ordinal) ? "Input.Password" :
                    e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "Input.Email" : string.Empty,
                    e.Code is "DuplicateUserName" or "DuplicateEmail" ? Texts.Register_DuplicateEmail : e.Description);
            return Page();
        }
        await users.AddToRoleAsync(user, Roles.Shopper);
        await sender.Send(new SetMarketingConsent(user.Id, Input.MarketingConsent, ConsentSource.Registration), ct);
        var claimed = await sender.Send(new ClaimGuestOrders(user.Id, email), ct);
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        await signIn.SignInAsync(user, isPersistent: true);
        O2O.Web.Storefront.CartCookie.Set(HttpContext,
            await sender.Send(new O2O.Application.Carts.AdoptCartOnSignIn(O2O.Web.Storefront.CartCookie.Get(HttpContext), user.Id), ct));
        TempData["Message"] = claimed > 0
            ? Plural.Format(Texts.ResourceManager, nameof(Texts.Register_WelcomeClaimed_other), claimed)
            : Texts.Register_Welcome;
        return Redirect("/account/orders");
    }
}

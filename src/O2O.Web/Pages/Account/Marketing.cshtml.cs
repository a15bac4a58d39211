using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Common;
using O2O.Application.Marketing;
using O2O.Web.Infrastructure;
using Texts = O2O.Web.Localization.Account;

namespace O2O.Web.Pages.Account;

/// <summary>The shopper's yes or no to marketing emails: the same use cases as GET and PUT /api/v1/me/marketing-consent.</summary>
[Authorize(Policy = Policies.SignedInPage)]
public sealed class MarketingModel(ISender sender) : PageModel
{
    public MarketingConsentView Consent { get; private set; } = MarketingConsentView.NeverAsked;

    public async Task OnGetAsync(CancellationToken ct) =>
        Consent = await sender.Send(new GetMarketingConsent(User.ToActor().UserId!), ct);

    /// <summary>An unticked box is not posted at all, so its absence is the answer "no".</summary>
    public async Task<IActionResult> OnPostAsync(bool given, CancellationToken ct)
    {
        var result = await this.SendOrReportAsync<Result<MarketingConsentView>>(sender,
            new SetMarketingConsent(User.ToActor().UserId!, given, ConsentSource.Account), ct);
        if (ModelState.IsValid && result.Error is { } error) ModelState.AddModelError(string.Empty, error.Message);
        if (!ModelState.IsValid)
        {
            Consent = await sender.Send(new GetMarketingConsent(User.ToActor().UserId!), ct);
            return Page();
        }
        TempData["Message"] = given ? Texts.Marketing_SavedGiven : Texts.Marketing_SavedRefused;
        return Redirect("/account/marketing");
    }
}

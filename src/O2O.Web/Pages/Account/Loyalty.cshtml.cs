using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Loyalty;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Account;

/// <summary>The shopper's points: the same query as GET /api/v1/me/loyalty.</summary>
[Authorize(Policy = Policies.SignedInPage)]
public sealed class LoyaltyModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public MyLoyalty Points { get; private set; } = new(0, [], 1, GetMyLoyalty.PageSize, 0);

    public async Task OnGetAsync(CancellationToken ct) =>
        Points = await sender.Send(new GetMyLoyalty(User.ToActor().UserId!, Math.Clamp(PageNumber, 1, 10_000)), ct);

    public static string KindName(string kind) =>
        Localization.Account.ResourceManager.GetString("Loyalty_Kind_" + kind, System.Globalization.CultureInfo.CurrentUICulture) ?? kind;

    public static string Signed(long points) => (points > 0 ? "+" : points < 0 ? "−" : "") + O2O.Application.Localization.Formats.Number(Math.Abs(points));
}

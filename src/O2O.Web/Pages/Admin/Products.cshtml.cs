using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Application.Catalog;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Web.Infrastructure;
using AdminTexts = O2O.Web.Localization.Admin;

namespace O2O.Web.Pages.Admin;

public sealed class ProductsModel(ISender sender) : AdminPage(sender)
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    public PagedResult<AdminProduct> Products { get; private set; } = new([], 1, 50, 0);
    public IReadOnlyList<CategorySummary> Categories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Products = await this.SendOrReportAsync<PagedResult<AdminProduct>>(Sender, new ListAdminProducts(Search, true, 1, 200), ct) ?? Products;
        Categories = await Sender.Send(new ListCategories(), ct);
    }

    public async Task<IActionResult> OnPostRenameCategoryAsync(string? from, string? to, CancellationToken ct)
    {
        var count = await TrySendAsync(new RenameCategory(from, to, User.ToActor()), ct);
        if (!ModelState.IsValid)
        {
            await OnGetAsync(ct);
            return Page();
        }
        return Done(Plural.Format(AdminTexts.ResourceManager, nameof(AdminTexts.Products_Renamed_other), count, from, to?.Trim()), "/admin/products");
    }
}

using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using O2O.Application.Catalog;
using O2O.Application.Common;
using O2O.Web.Storefront;

namespace O2O.Web.Pages.Products;

[OutputCache(PolicyName = CatalogCachePolicy.Name)]
public sealed class IndexModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    // "page" is a reserved route value in Razor Pages, so the query uses "p".
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<CategorySummary> Categories { get; private set; } = [];
    public PagedResult<ProductSummary>? Results { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Categories = await sender.Send(new ListCategories(), ct);
        Results = await this.SendOrReportAsync<PagedResult<ProductSummary>>(sender, new ListProducts(Search, Category, PageNumber, 24), ct);
    }

    public string PageLink(int page) =>
        QueryString.Create(new Dictionary<string, string?> { ["search"] = Search, ["category"] = Category, ["p"] = page.ToString() }).ToUriComponent() is var q
            ? "/products" + q : "/products";
}

using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Catalog;

namespace O2O.Web.Pages;

public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<CategorySummary> Categories { get; private set; } = [];
    public IReadOnlyList<ProductSummary> Featured { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Categories = await sender.Send(new ListCategories(), ct);
        Featured = await sender.Send(new ListPopularProducts(8), ct);
    }
}

using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Catalog;

namespace O2O.Web.Pages.Products;

public sealed class DetailsModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true)] public double? Lat { get; set; }
    [BindProperty(SupportsGet = true)] public double? Lon { get; set; }

    public ProductDetails Product { get; private set; } = null!;
    public IReadOnlyList<StoreAvailability> Availability { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var product = await sender.Send(new GetProduct(id), ct);
        if (product is null) return NotFound();
        Product = product;
        Availability = await this.SendOrReportAsync<IReadOnlyList<StoreAvailability>>(sender, new GetProductAvailability(id, Lat, Lon), ct)
                       ?? await sender.Send(new GetProductAvailability(id), ct) ?? [];
        return Page();
    }
}

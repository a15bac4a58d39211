using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using O2O.Application.Carts;
using O2O.Application.Catalog;
using O2O.Application.Localization;
using O2O.Web.Infrastructure;
using O2O.Web.Storefront;

namespace O2O.Web.Pages.Products;

// Add to cart is the page's only unsafe handler. It checks the origin instead of a token, because a token would set
// the antiforgery cookie and make every anonymous view uncacheable (ADR 13). Razor Pages take filters per page,
// not per handler, so a handler added here later is protected the same way.
[OutputCache(PolicyName = CatalogCachePolicy.Name)]
[IgnoreAntiforgeryToken]
[SameOriginPost]
public sealed class DetailsModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true)] public double? Lat { get; set; }
    [BindProperty(SupportsGet = true)] public double? Lon { get; set; }
    [BindProperty(SupportsGet = true)] public string? Near { get; set; }

    /// <summary>The store of the shelf label the shopper scanned (<c>/s/{code}/p/{sku}</c>): the page is about that store.</summary>
    [BindProperty(SupportsGet = true)] public string? At { get; set; }

    public ProductDetails Product { get; private set; } = null!;
    public IReadOnlyList<StoreAvailability> Availability { get; private set; } = [];
    public StoreAvailability? MyStore { get; private set; }
    public IReadOnlyList<StoreAvailability> Alternatives { get; private set; } = [];

    /// <summary>Opened from a shelf label of a store that takes collect-now orders now: "collect at the desk in N minutes".</summary>
    public O2O.Application.Checkout.CollectNowOfferView? CollectNow { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddToCartAsync(Guid id, int quantity, CancellationToken ct)
    {
        var cart = CartCookie.GetOrCreate(HttpContext);
        // Added from a shelf label: the order is for the store the shopper stands in.
        if (await ShelfStoreAsync(id, ct) is { } shelf) await sender.Send(new ChooseStore(cart, shelf), ct);
        var result = await this.SendOrReportAsync<O2O.Application.Common.Result<int>>(sender, new AddToCart(cart, id, quantity), ct);
        if (!ModelState.IsValid) return await LoadAsync(id, ct) ? Page() : NotFound();
        if (result.Error is not null) return NotFound();
        TempData["Message"] = Plural.Format(Localization.Storefront.ResourceManager, nameof(Localization.Storefront.Product_Added_other), quantity);
        return RedirectToPage(new { id, at = At });
    }

    /// <summary>"Collect at the desk in N minutes": into the cart of the shelf's store, then checkout with collect now chosen.</summary>
    public async Task<IActionResult> OnPostCollectNowAsync(Guid id, int quantity, CancellationToken ct)
    {
        var added = await OnPostAddToCartAsync(id, quantity, ct);
        if (added is not RedirectToPageResult) return added;
        TempData.Remove("Message");
        return Redirect("/checkout?collectNow=true");
    }

    public string RowClass(StoreAvailability row) => row.StoreId == MyStore?.StoreId ? "mine" : "";

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var product = await sender.Send(new GetProduct(id), ct);
        if (product is null) return false;
        Product = product;
        var shelfStoreId = await ShelfStoreAsync(id, ct);
        var myStoreId = shelfStoreId ?? (await CurrentCart.GetAsync(HttpContext, sender, ct)).StoreId;
        if (shelfStoreId is { } shelf) CollectNow = await sender.Send(new O2O.Application.Checkout.GetCollectNowOffer(shelf), ct);
        if (!string.IsNullOrWhiteSpace(Near)) await LocateCityAsync(Near, ct);
        Availability = await this.SendOrReportAsync<IReadOnlyList<StoreAvailability>>(sender, new GetProductAvailability(id, Lat, Lon, 20, myStoreId), ct)
                       ?? await sender.Send(new GetProductAvailability(id, PreferStoreId: myStoreId), ct) ?? [];
        MyStore = Availability.FirstOrDefault(a => a.StoreId == myStoreId);
        if (MyStore is { PickupPaused: true } paused) Alternatives = await sender.Send(new GetPickupAlternatives(id, paused.StoreId), ct);
        return true;
    }

    /// <summary>The store named by <see cref="At"/>, when it exists; an unknown code leaves the shopper's own store.</summary>
    private async Task<Guid?> ShelfStoreAsync(Guid productId, CancellationToken ct)
    {
        if (At is not { Length: > 0 }) return null;
        var sku = await SkuOfAsync(productId, ct);
        return await sender.Send(new FindShelfItem(At, sku), ct) is { } item ? item.StoreId : null;
    }

    private async Task<string?> SkuOfAsync(Guid productId, CancellationToken ct) =>
        Product?.Id == productId ? Product.Sku : (await sender.Send(new GetProduct(productId), ct))?.Sku;

    /// <summary>"Near me" without geolocation: the centre of the stores in the city the shopper typed.</summary>
    private async Task LocateCityAsync(string city, CancellationToken ct)
    {
        var stores = await this.SendOrReportAsync<IReadOnlyList<O2O.Application.Stores.StoreSummary>>(sender, new O2O.Application.Stores.ListStores(City: city), ct) ?? [];
        if (stores.Count == 0)
        {
            if (ModelState.IsValid) ModelState.AddModelError("near", string.Format(CultureInfo.CurrentCulture, Localization.Storefront.Product_NoStoreInCity, city.Trim()));
            return;
        }
        Lat = stores.Average(s => s.Latitude);
        Lon = stores.Average(s => s.Longitude);
    }
}

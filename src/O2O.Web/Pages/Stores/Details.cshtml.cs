using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Carts;
using O2O.Application.Pickup;
using O2O.Application.Stores;
using O2O.Domain.Common;
using O2O.Web.Storefront;

namespace O2O.Web.Pages.Stores;

public sealed class DetailsModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true)] public double? Lat { get; set; }
    [BindProperty(SupportsGet = true)] public double? Lon { get; set; }

    public StoreDetails Store { get; private set; } = null!;
    public PickupSlotDto? NextSlot { get; private set; }
    public bool IsMyStore { get; private set; }
    public double? DistanceKm { get; private set; }

    public IEnumerable<DayOfWeek> Week =>
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var store = await sender.Send(new GetStore(id), ct);
        if (store is null) return NotFound();
        Store = store;
        NextSlot = (await sender.Send(new ListPickupSlots(id, null, 7), ct))?.FirstOrDefault(s => s.Remaining > 0);
        IsMyStore = (await CurrentCart.GetAsync(HttpContext, sender, ct)).StoreId == id;
        if (Lat is { } lat && Lon is { } lon && lat is >= -90 and <= 90 && lon is >= -180 and <= 180)
            DistanceKm = new GeoPoint(lat, lon).DistanceKmTo(new GeoPoint(store.Latitude, store.Longitude));
        return Page();
    }

    public async Task<IActionResult> OnPostChooseAsync(Guid id, string? returnUrl, CancellationToken ct)
    {
        var result = await sender.Send(new ChooseStore(CartCookie.GetOrCreate(HttpContext), id), ct);
        if (!result.IsSuccess) return NotFound();
        TempData["Message"] = "This is now your store. Your cart is checked against its shelves.";
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage(new { id });
    }
}

using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Carts;
using O2O.Application.Localization;
using O2O.Application.Pickup;
using O2O.Application.Stores;
using O2O.Domain.Common;
using O2O.Web.Storefront;

namespace O2O.Web.Pages.Stores;

public sealed class DetailsModel(ISender sender, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public double? Lat { get; set; }
    [BindProperty(SupportsGet = true)] public double? Lon { get; set; }

    public StoreDetails Store { get; private set; } = null!;
    public PickupSlotDto? NextSlot { get; private set; }
    public bool IsMyStore { get; private set; }
    public double? DistanceKm { get; private set; }

    /// <summary>The week as the reader's culture starts it (Monday in fr, Sunday in en, Saturday in ar).</summary>
    public IEnumerable<DayOfWeek> Week
    {
        get
        {
            var first = (int)CultureInfo.CurrentCulture.DateTimeFormat.FirstDayOfWeek;
            return Enumerable.Range(0, 7).Select(i => (DayOfWeek)((first + i) % 7));
        }
    }

    /// <summary>The store's offset now ("(UTC+1)"): its hours are wall-clock times there, whatever the reader's zone.</summary>
    public string ZoneNow => Formats.Zone(Formats.InZone(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(Store.TimeZone)));

    public static string DayName(DayOfWeek day) => CultureInfo.CurrentCulture.TextInfo.ToTitleCase(CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day));

    public string Hours(DayOfWeek day)
    {
        var ranges = Store.OpeningHours.Where(h => h.Day == day).OrderBy(h => h.Opens).ToList();
        if (ranges.Count == 0) return Localization.Storefront.Store_Closed;
        var culture = CultureInfo.CurrentCulture;
        return string.Join(", ", ranges.Select(r => $"{r.Opens.ToString("t", culture)}\u2013{r.Closes.ToString("t", culture)}"));
    }

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
        TempData["Message"] = Localization.Storefront.Store_Chosen;
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage(new { id });
    }
}

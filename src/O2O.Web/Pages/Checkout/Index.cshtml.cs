using System.Globalization;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Carts;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Pickup;
using O2O.Web.Infrastructure;
using O2O.Web.Storefront;

namespace O2O.Web.Pages.Checkout;

/// <summary>The storefront's checkout sends the same PlaceOrder use case as POST /api/v1/orders.</summary>
public sealed class IndexModel(ISender sender, Microsoft.Extensions.Options.IOptions<CheckoutOptions> checkout,
    Microsoft.AspNetCore.Identity.UserManager<O2O.Infrastructure.Identity.AppUser> accounts) : PageModel
{
    // The keys PlaceOrder's validator reports its errors under, as the API names the fields.
    public const string NameField = "customer.name", EmailField = "customer.email", PhoneField = "customer.phone", CollectorField = "collectorName",
        PromoField = "promoCode";

    public int HoldMinutes => checkout.Value.HoldMinutes;

    [BindProperty] public CheckoutInput Input { get; set; } = new();

    public CartView Cart { get; private set; } = CartView.Empty;

    /// <summary>The signed-in shopper's points and the most this cart takes; null for a guest or with the programme off.</summary>
    public O2O.Application.Loyalty.CheckoutLoyalty? Loyalty { get; private set; }
    public PickupCalendar Calendar { get; private set; } = new("UTC", [], null, []);

    /// <summary>The day whose slots are shown, as <c>?day=2026-06-12</c>: the day picker works without script.</summary>
    [BindProperty(SupportsGet = true)] public string? Day { get; set; }

    /// <summary><c>?collectNow=true</c>: came from "collect at the desk in N minutes" on a shelf's product page.</summary>
    [BindProperty(SupportsGet = true, Name = "collectNow")] public bool CollectNowAsked { get; set; }

    /// <summary>The store takes a collect-now order now; it is offered beside the slots, as the slot radio's value <see cref="NowValue"/>.</summary>
    public CollectNowOfferView? NowOffer { get; private set; }

    public const string NowValue = "now";

    public sealed class CheckoutInput
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? SlotStart { get; set; }
        public string? CollectorName { get; set; }

        public long? LoyaltyPoints { get; set; }

        public string? PromoCode { get; set; }
    }

    /// <summary>What the typed code takes off this cart now (ADR 52); null without a code or when it does not apply.</summary>
    public O2O.Application.Promotions.BasketCodeQuote? Promo { get; private set; }

    /// <summary>Why the typed code does not apply, in the shopper's language.</summary>
    private string? _promoRefusal;

    /// <summary>"Apply" beside the code (or the cart's checkout button with its code): the same form, shown with the discount or why not.</summary>
    public async Task<IActionResult> OnPostPromoAsync(CancellationToken ct)
    {
        ModelState.Clear();
        await PrefillAsync();
        if (await LoadAsync(ct) is { } redirect) return redirect;
        if (_promoRefusal is { } why) ModelState.AddModelError(PromoField, why);
        return Page();
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } redirect) return redirect;
        if (CollectNowAsked && NowOffer is not null) Input.SlotStart = NowValue;
        await PrefillAsync();
        return Page();
    }

    /// <summary>A signed-in shopper's email and name, where the form has none yet (first view, or arriving from the cart with a code).</summary>
    private async Task PrefillAsync()
    {
        if (string.IsNullOrWhiteSpace(Input.Email)) Input.Email = User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name;
        // The sign-in cookie carries no display name, so the account is read once, to fill the form.
        if (string.IsNullOrWhiteSpace(Input.Name) && User.ToActor().UserId is { } userId && await accounts.FindByIdAsync(userId) is { } account)
            Input.Name = string.IsNullOrWhiteSpace(account.DisplayName) ? null : account.DisplayName;
    }

    /// <summary>A day button of the picker: the same form, posted back with what the shopper typed, showing that day.</summary>
    public async Task<IActionResult> OnPostDayAsync(CancellationToken ct)
    {
        ModelState.Clear();
        return await LoadAsync(ct) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        DateTimeOffset? slot = DateTimeOffset.TryParse(Input.SlotStart, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed : null;
        // After an error the page shows the day of the slot the shopper chose; its offset is the store's.
        if (slot is { } chosen) Day = DateOnly.FromDateTime(chosen.DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (await LoadAsync(ct) is { } redirect) return redirect;
        var collectNow = Input.SlotStart == NowValue;
        var command = new PlaceOrder(Cart.StoreId!.Value, slot, new CustomerInput(Input.Email, Input.Name, Input.Phone),
            Cart.Lines.Select(l => new OrderLineInput(l.ProductId, l.Quantity)).ToList())
        {
            UserId = User.ToActor().UserId,
            CollectNow = collectNow,
            CollectorName = Input.CollectorName,
            LoyaltyPoints = Input.LoyaltyPoints is > 0 ? Input.LoyaltyPoints : null,
            PromoCode = string.IsNullOrWhiteSpace(Input.PromoCode) ? null : Input.PromoCode,
        };

        var result = await this.SendOrReportAsync<Result<PlacedOrder>>(sender, command, ct);
        if (!ModelState.IsValid) return Page();
        if (result.Error is { } error)
        {
            switch (error.Code)
            {
                case "out_of_stock":
                    TempData["Message"] = Localization.Storefront.Checkout_SoldOut;
                    return RedirectToPage("/Cart/Index");
                case "pickup_paused":
                    // Paused after the page was shown: the cart says so and offers the stores that take orders.
                    return RedirectToPage("/Cart/Index");
                case "collect_now_full" or "collect_now_closed" or "collect_now_not_offered":
                    // The offer moved on since the page was shown: the reason, in the shopper's language, beside the choice.
                    ModelState.AddModelError("pickupSlotStart", error.Message);
                    if (NowOffer is null) Input.SlotStart = null;
                    return Page();
                case "slot_full":
                    ModelState.AddModelError("pickupSlotStart", Localization.Storefront.Checkout_SlotFilled);
                    Calendar = await CalendarAsync(ct);
                    return Page();
                case "promo_not_applicable" or "promo_exhausted":
                    ModelState.AddModelError(PromoField, error.Message);
                    Promo = null;
                    return Page();
                case "loyalty_insufficient" or "loyalty_over_limit" or "loyalty_not_applicable" or "loyalty_disabled":
                    ModelState.AddModelError("loyaltyPoints", error.Message);
                    return Page();
                default:
                    var field = error.Details?.GetValueOrDefault("errors") is Dictionary<string, string[]> errors ? errors.Keys.First() : string.Empty;
                    ModelState.AddModelError(field, error.Message);
                    return Page();
            }
        }

        var placed = result.Value!;
        await sender.Send(new ClearCart(CartCookie.GetOrCreate(HttpContext)), ct);
        return Redirect($"/orders/{placed.Id}/pay?token={Uri.EscapeDataString(placed.AccessToken)}");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Cart = await sender.Send(new GetCart(CartCookie.Get(HttpContext)), ct);
        if (!Cart.CanCheckOut) return RedirectToPage("/Cart/Index");
        Calendar = await CalendarAsync(ct);
        NowOffer = await sender.Send(new GetCollectNowOffer(Cart.StoreId!.Value), ct);

        if (!string.IsNullOrWhiteSpace(Input.PromoCode))
        {
            var quote = await sender.Send(new O2O.Application.Promotions.QuoteBasketCode(Cart.StoreId!.Value, Input.PromoCode,
                [.. Cart.Lines.Select(l => new OrderLineInput(l.ProductId, l.Quantity))], User.ToActor().UserId, Input.Email)
            { Client = PromoAttemptEdge.ClientOf(HttpContext, "checkout-page") }, ct);
            Promo = quote.Value;
            _promoRefusal = quote.Error?.Message;
            if (quote.Error?.Code == PromoAttemptEdge.ExceededCode) Response.StatusCode = StatusCodes.Status429TooManyRequests;
        }
        // Points pay part of what the code leaves.
        if (User.ToActor().UserId is { } userId && (Promo?.Total ?? Cart.Total) is { } total)
            Loyalty = await sender.Send(new O2O.Application.Loyalty.GetCheckoutLoyalty(userId, total.Amount, total.Currency), ct);
        return null;
    }

    private async Task<PickupCalendar> CalendarAsync(CancellationToken ct)
    {
        DateOnly? day = DateOnly.TryParseExact(Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return await sender.Send(new GetPickupCalendar(Cart.StoreId!.Value, day), ct) ?? Calendar;
    }

    public static string DayClass(PickupDay day, bool chosen) => "day" + (chosen ? " chosen" : "") + (day.IsFull ? " full" : "");

    public static string DayValue(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

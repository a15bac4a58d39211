using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Carts;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Web.Infrastructure;
using O2O.Web.Storefront;
using System.Security.Claims;

namespace O2O.Web.Pages.Cart;

public sealed class IndexModel(ISender sender) : PageModel
{
    public CartView Cart { get; private set; } = CartView.Empty;

    public async Task OnGetAsync(CancellationToken ct) => Cart = await CurrentCart.GetAsync(HttpContext, sender, ct);

    /// <summary>The code typed beside the cart; the checkout button carries it on.</summary>
    [BindProperty] public string? PromoCode { get; set; }

    /// <summary>What the code takes off this cart now (ADR 52), before paying.</summary>
    public O2O.Application.Promotions.BasketCodeQuote? Promo { get; private set; }

    public const string PromoField = "promoCode";

    /// <summary>"Apply": the cart again, with the code's discount or why it does not apply beside the field.</summary>
    public async Task<IActionResult> OnPostPromoAsync(CancellationToken ct)
    {
        ModelState.Clear();
        await OnGetAsync(ct);
        if (Cart.StoreId is { } storeId && Cart.Lines.Count > 0 && !string.IsNullOrWhiteSpace(PromoCode))
        {
            var quote = await sender.Send(new O2O.Application.Promotions.QuoteBasketCode(storeId, PromoCode,
                [.. Cart.Lines.Select(l => new O2O.Application.Checkout.OrderLineInput(l.ProductId, l.Quantity))], User.ToActor().UserId,
                User.FindFirstValue(System.Security.Claims.ClaimTypes.Email)) { Client = PromoAttemptEdge.ClientOf(HttpContext, "cart") }, ct);
            Promo = quote.Value;
            if (quote.Error is { } refused) ModelState.AddModelError(PromoField, refused.Message);
            if (quote.Error?.Code == PromoAttemptEdge.ExceededCode) Response.StatusCode = StatusCodes.Status429TooManyRequests;
        }
        return Page();
    }

    public static string LineClass(CartLineView line) => line.IsShort ? "short" : "";

    public static string ShortText(CartLineView line) => line.Available is int available and > 0
        ? Plural.Format(Localization.Storefront.ResourceManager, nameof(Localization.Storefront.Cart_OnlyAvailable_other), available)
        : Localization.Storefront.Cart_OutOfStockHere;

    public async Task<IActionResult> OnPostQuantityAsync(Guid productId, int quantity, CancellationToken ct)
    {
        // A quantity that is not a number binds as 0 with a model error: sending it would empty the line.
        if (ModelState.GetFieldValidationState("quantity") == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.Remove("quantity");
            ModelState.AddModelError("quantity", string.Format(CultureInfo.CurrentCulture, Localization.Storefront.Cart_QuantityRange, O2O.Domain.Carts.Cart.MaxQuantity));
        }
        if (ModelState.IsValid)
            await this.SendOrReportAsync<Result<int>>(sender, new SetCartQuantity(CartCookie.GetOrCreate(HttpContext), productId, quantity), ct);
        if (!ModelState.IsValid)
        {
            await OnGetAsync(ct);
            return Page();
        }
        TempData["Message"] = quantity == 0 ? Localization.Storefront.Cart_Removed : Localization.Storefront.Cart_Updated;
        return RedirectToPage();
    }
}

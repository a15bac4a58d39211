using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Loyalty;
using O2O.BrowserTests.Infrastructure;
using O2O.Domain.Promotions;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Storefront;

/// <summary>A signed-in shopper applies a code in the cart, carries it to the checkout, pays part with points, and sees both discounts (ADR 52).</summary>
public sealed class PromoCodeTests(BrowserApp fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task A_shopper_applies_a_code_pays_part_with_points_and_the_order_shows_both_discounts()
    {
        Journey = "promo-code";
        await SetOnHandAsync("PAR05", "TLS-001", 5);
        var userId = await App.WithDbAsync(db => db.Users.Where(u => u.Email == ShopperEmail).Select(u => u.Id).SingleAsync());
        (await App.SendAsync(new AdjustLoyaltyPoints(userId, 2500, "Welcome gift", Guid.NewGuid(), new Actor(null, "admin", true, false))))
            .IsSuccess.ShouldBeTrue();
        await App.WithDbAsync(async db =>
        {
            var promotion = new Promotion(Guid.CreateVersion7(), "Summer", PromotionKind.PercentOff, 1000, null, null, PromoCodeMode.Shared, DateTimeOffset.UtcNow);
            db.Promotions.Add(promotion);
            db.PromoCodes.Add(new PromoCode(Guid.CreateVersion7(), promotion.Id, "SUMMER10", false, null, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        });

        await SignInAsAsync(ShopperEmail, "/");
        await SearchFromHomeAsync("drill", "Cordless drill 18 V");
        await Link("Choose your store").ClickAsync();
        await ChooseStoreAsync("Paris Gare du Nord");
        await Page.GetByLabel("Search products").FillAsync("drill");
        await Page.GetByLabel("Search products").PressAsync("Enter");
        await Link("Cordless drill 18 V").ClickAsync();
        await AddToCartAsync(1);
        await OpenCartAsync();

        await Page.GetByLabel("Promo code").FillAsync("nope-0000");
        await Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(Page.Locator("#promo-error")).ToContainTextAsync("This code doesn't exist.");
        await Page.GetByLabel("Promo code").FillAsync("summer 10");
        await Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(Page.Locator("[data-promo-discount]")).ToContainTextAsync("Code SUMMER10");
        await Expect(Page.Locator("[data-promo-discount]")).ToContainTextAsync("−€8.99");
        await StepAsync("cart-with-code", audit: true);
        await Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Check out" }).ClickAsync();

        await Expect(Page.Locator("[data-promo-discount]")).ToContainTextAsync("−€8.99");
        await FillCheckoutAsync("Sam Shopper", email: null);
        await Page.GetByLabel("Points to use").FillAsync("2000");
        await StepAsync("checkout-with-code-and-points", audit: true);
        await PlaceOrderAsync();
        await Expect(Page.GetByText("€60.91").First).ToBeVisibleAsync(); // €89.90 less €8.99 with the code and €20.00 of points
        var number = await PayAsync();
        await ExpectPickupPassAsync(number);
        await Expect(Page.Locator("tr[data-promo-discount]")).ToContainTextAsync("Code SUMMER10");
        await Expect(Page.Locator(".loyalty-used")).ToHaveTextAsync("Loyalty points used: 2,000, €20.00 off");
        await Expect(Page.Locator(".pass-promo")).ToContainTextAsync("Code SUMMER10 −€8.99");
        await StepAsync("order-with-code-and-points", audit: true);
    }
}

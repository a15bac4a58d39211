using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Loyalty;
using O2O.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Storefront;

/// <summary>A signed-in shopper pays part of an order with loyalty points, and finds them in their points history.</summary>
public sealed class LoyaltyPointsTests(BrowserApp fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task A_shopper_pays_part_of_an_order_with_points_and_sees_the_history()
    {
        Journey = "loyalty-points";
        await SetOnHandAsync("PAR05", "TLS-001", 5);
        var userId = await App.WithDbAsync(db => db.Users.Where(u => u.Email == ShopperEmail).Select(u => u.Id).SingleAsync());
        (await App.SendAsync(new AdjustLoyaltyPoints(userId, 2500, "Welcome gift", Guid.NewGuid(), new Actor(null, "admin", true, false))))
            .IsSuccess.ShouldBeTrue();

        await SignInAsAsync(ShopperEmail, "/");
        await SearchFromHomeAsync("drill", "Cordless drill 18 V");
        await Link("Choose your store").ClickAsync();
        await ChooseStoreAsync("Paris Gare du Nord");
        await Page.GetByLabel("Search products").FillAsync("drill");
        await Page.GetByLabel("Search products").PressAsync("Enter");
        await Link("Cordless drill 18 V").ClickAsync();
        await AddToCartAsync(1);
        await OpenCartAsync();
        await Link("Check out").ClickAsync();

        await FillCheckoutAsync("Sam Shopper", email: null);
        await Expect(Page.Locator(".loyalty")).ToContainTextAsync("Your balance: 2,500");
        await Page.GetByLabel("Points to use").FillAsync("2000");
        await StepAsync("checkout-with-points", audit: true);
        await PlaceOrderAsync();
        await Expect(Page.GetByText("€69.90").First).ToBeVisibleAsync(); // €89.90 less €20.00 of points
        var number = await PayAsync();
        await ExpectPickupPassAsync(number);
        await Expect(Page.Locator(".loyalty-used")).ToHaveTextAsync("Loyalty points used: 2,000, €20.00 off");
        await StepAsync("order-paid-with-points", audit: true);

        await Page.GotoAsync("/account/loyalty");
        await Expect(Page.Locator(".loyalty-balance")).ToHaveTextAsync("Your balance: 500");
        var spent = Page.GetByRole(Microsoft.Playwright.AriaRole.Row).Filter(new() { HasText = number });
        await Expect(spent).ToContainTextAsync("Used to pay an order");
        await Expect(spent).ToContainTextAsync("−2,000");
        await StepAsync("loyalty-history", audit: true);

        await UseLanguageAsync("ar");
        await Page.GotoAsync("/account/loyalty");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(Page.Locator(".loyalty-balance")).ToHaveTextAsync("رصيدك: 500");
        await StepAsync("loyalty-history-ar", audit: true);
    }
}

using O2O.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Storefront;

/// <summary>A signed-in shopper buys, and finds the order in their order history.</summary>
public sealed class ShopperPurchaseTests(BrowserApp fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task SignedInShopper_OrdersAndPays_AndFindsTheOrderInMyOrders()
    {
        Journey = "shopper-purchase";
        await SetOnHandAsync("PAR05", "TLS-001", 5);

        await Page.GotoAsync("/");
        await Link("Sign in").ClickAsync();
        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await StepAsync("login", audit: true);
        await Page.GetByLabel("Email").FillAsync(ShopperEmail);
        await Page.GetByLabel("Password").FillAsync(DemoPassword);
        await Button("Sign in").ClickAsync();
        await Expect(Button($"Sign out {ShopperEmail}")).ToBeVisibleAsync();

        await SearchFromHomeAsync("drill", "Cordless drill 18 V");
        await Link("Choose your store").ClickAsync();
        await ChooseStoreAsync("Paris Gare du Nord");
        await Page.GetByLabel("Search products").FillAsync("drill");
        await Page.GetByLabel("Search products").PressAsync("Enter");
        await Link("Cordless drill 18 V").ClickAsync();
        await AddToCartAsync(1);
        await OpenCartAsync();
        await ScreenshotAsync("cart");
        await Link("Check out").ClickAsync();

        // The signed-in shopper's email is filled in already.
        await Expect(Page.GetByLabel("Email")).ToHaveValueAsync(ShopperEmail);
        await FillCheckoutAsync("Sam Shopper", email: null);
        await ScreenshotAsync("checkout");
        await PlaceOrderAsync();
        await ScreenshotAsync("pay");
        var number = await PayAsync();
        await ExpectPickupPassAsync(number);
        await ScreenshotAsync("order");

        await Link("My orders").ClickAsync();
        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "My orders" })).ToBeVisibleAsync();
        Page.Url.ShouldEndWith("/account/orders");
        var row = Page.GetByRole(Microsoft.Playwright.AriaRole.Row).Filter(new() { HasText = number });
        await Expect(row).ToContainTextAsync("Paris Gare du Nord");
        await Expect(row).ToContainTextAsync("Paid");
        await Expect(row).ToContainTextAsync("€89.90");
        await StepAsync("my-orders", audit: true);

        // The order link in the history opens the order without its secret token: the owner is signed in.
        await row.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = number }).ClickAsync();
        await ExpectPickupPassAsync(number);

        await Button($"Sign out {ShopperEmail}").ClickAsync();
        await Expect(Link("Sign in")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Order online, collect in store" })).ToBeVisibleAsync();
    }
}

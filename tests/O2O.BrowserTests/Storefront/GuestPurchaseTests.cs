using O2O.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Storefront;

/// <summary>A guest's whole purchase in a real browser, with an accessibility check of every page on the way.</summary>
public sealed class GuestPurchaseTests(BrowserApp fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Guest_SearchesChoosesAStoreOrdersAndPays_AndGetsThePickupPass()
    {
        Journey = "guest-purchase";
        await SetOnHandAsync("PAR01", "TLS-001", 10);

        await SearchFromHomeAsync("drill", "Cordless drill 18 V", audit: true);
        await Link("Choose your store").ClickAsync();
        await ChooseStoreAsync("Paris Rivoli", audit: true);

        await Page.GetByLabel("Search products").FillAsync("drill");
        await Page.GetByLabel("Search products").PressAsync("Enter");
        await Link("Cordless drill 18 V").ClickAsync();
        await Expect(Page.GetByText("At Paris Rivoli (my store): 10 in stock")).ToBeVisibleAsync();
        await AddToCartAsync(2);
        await Expect(Page.Locator("a.cart-link .badge")).ToHaveTextAsync("2");

        await OpenCartAsync();
        await Expect(Page.GetByText("Collect at Paris Rivoli")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Row, new() { Name = "Cordless drill 18 V" })).ToContainTextAsync("€179.80");
        await StepAsync("cart", audit: true);

        await Link("Check out").ClickAsync();
        await FillCheckoutAsync("Ada Lovelace", "ada@example.test");
        await StepAsync("checkout", audit: true);

        await PlaceOrderAsync();
        await Expect(Page.GetByText("TEST MODE: no real money moves")).ToBeVisibleAsync();
        await Expect(Page.Locator("a.cart-link .badge")).ToHaveTextAsync("0");
        await StepAsync("pay", audit: true);

        var number = await PayAsync();
        await ExpectPickupPassAsync(number);
        await StepAsync("order", audit: true);
    }
}

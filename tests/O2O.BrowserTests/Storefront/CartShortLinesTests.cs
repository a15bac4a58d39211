using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Storefront;

/// <summary>The cart says when the chosen store has fewer than the shopper wants, and fixes it in one click.</summary>
public sealed class CartShortLinesTests(BrowserApp fixture) : BrowserTest(fixture)
{
    /// <summary>Paris Rivoli as my store and <paramref name="quantity"/> drills in the cart, through the pages.</summary>
    private async Task CartWithDrillsAsync(int quantity)
    {
        await SetOnHandAsync("PAR01", "TLS-001", 10);
        await Page.GotoAsync($"/stores/{(await StoreAsync("PAR01")).Id}");
        await Button("Make this my store").ClickAsync();
        await Page.GotoAsync($"/products/{(await ProductAsync("TLS-001")).Id}");
        await AddToCartAsync(quantity);
    }

    private ILocator DrillRow => Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Cordless drill 18 V" });

    [Fact]
    public async Task Cart_WhenTheStoreHasFewerThanWanted_SaysSo_AndLowerToFixesItInOneClick()
    {
        Journey = "cart-short-lower";
        await CartWithDrillsAsync(3);
        await SetOnHandAsync("PAR01", "TLS-001", 1);

        await OpenCartAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Some items are short at Paris Rivoli.");
        await Expect(DrillRow).ToContainTextAsync("Only 1 available at this store.");
        await Expect(Link("Check out")).ToHaveCountAsync(0);
        await ScreenshotAsync("short");
        await AssertAccessibleAsync("cart with a short line");

        await DrillRow.GetByRole(AriaRole.Button, new() { Name = "Lower to 1" }).ClickAsync();

        await Expect(Alert).ToHaveTextAsync("Cart updated.");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(DrillRow.GetByLabel("Quantity of Cordless drill 18 V")).ToHaveValueAsync("1");
        await Expect(Link("Check out")).ToBeVisibleAsync();
        await ScreenshotAsync("fixed");
    }

    [Fact]
    public async Task Cart_WhenTheShelfIsEmpty_OffersAStoreThatHasEverything_AndSwitchesInOneClick()
    {
        Journey = "cart-short-switch";
        await CartWithDrillsAsync(2);
        await SetOnHandAsync("PAR01", "TLS-001", 0);
        await SetOnHandAsync("PAR05", "TLS-001", 4);

        await OpenCartAsync();
        await Expect(DrillRow).ToContainTextAsync("Out of stock at this store.");
        await Expect(DrillRow.GetByRole(AriaRole.Button, new() { NameRegex = new("^Lower to") })).ToHaveCountAsync(0);
        await Expect(DrillRow.GetByRole(AriaRole.Button, new() { Name = "Remove Cordless drill 18 V" })).ToBeVisibleAsync();
        await ScreenshotAsync("empty-shelf");

        await Button("Switch to Paris Gare du Nord (Paris)").ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Your cart" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Collect at Paris Gare du Nord")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(DrillRow.GetByLabel("Quantity of Cordless drill 18 V")).ToHaveValueAsync("2");
        await Expect(Link("Check out")).ToBeVisibleAsync();
        await ScreenshotAsync("switched");
    }

    [Fact]
    public async Task Cart_RemoveTakesTheShortLineOut()
    {
        Journey = "cart-short-remove";
        await CartWithDrillsAsync(2);
        await SetOnHandAsync("PAR01", "TLS-001", 0);

        await OpenCartAsync();
        await DrillRow.GetByRole(AriaRole.Button, new() { Name = "Remove Cordless drill 18 V" }).ClickAsync();

        await Expect(Alert).ToHaveTextAsync("Removed from your cart.");
        await Expect(Page.GetByText("Your cart is empty.")).ToBeVisibleAsync();
        await Expect(Page.Locator("a.cart-link .badge")).ToHaveTextAsync("0");
        await ScreenshotAsync("removed");
    }
}

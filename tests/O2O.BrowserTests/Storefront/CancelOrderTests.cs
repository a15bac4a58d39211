using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Storefront;

/// <summary>A paid order can be cancelled from its page, by whoever holds its link.</summary>
public sealed class CancelOrderTests(BrowserApp fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task OrderPage_CancelThisOrder_MarksItCancelledAndRefunded()
    {
        Journey = "cancel-order";
        await SetOnHandAsync("PAR01", "TLS-001", 10);
        var store = await StoreAsync("PAR01");
        var drill = await ProductAsync("TLS-001");
        var (id, token) = await App.PaidOrderAsync(store, (drill, 2));

        await Page.GotoAsync($"/orders/{id}?token={Uri.EscapeDataString(token)}");
        await Expect(Page.Locator(".status")).ToHaveTextAsync("Paid: the store is preparing it");
        await ScreenshotAsync("paid");

        await Button("Cancel this order").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync("This cannot be undone.");
        (await App.StockOfAsync(store, drill)).Reserved.ShouldBe(2);
        await ScreenshotAsync("confirm");
        await Button("Yes, cancel my order").ClickAsync();

        await Expect(Alert).ToHaveTextAsync("Your order is cancelled and your payment is refunded.");
        await Expect(Page.Locator(".status")).ToHaveTextAsync("Cancelled");
        await Expect(Page.GetByText("Refunded", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(Button("Cancel this order")).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Pickup pass" })).ToHaveCountAsync(0);
        await ScreenshotAsync("cancelled");
        await AssertAccessibleAsync("cancelled order");

        (await App.StockOfAsync(store, drill)).Reserved.ShouldBe(0);
        (await App.WithDbAsync(db => db.Orders.Where(o => o.Id == Guid.Parse(id)).Select(o => o.Status.ToString()).SingleAsync()))
            .ShouldBe("Cancelled");
    }
}

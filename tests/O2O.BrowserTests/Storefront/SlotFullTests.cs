using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Storefront;

/// <summary>A pickup slot with no place left can't be chosen, and one that fills during checkout says so beside the slots.</summary>
public sealed class SlotFullTests(BrowserApp fixture) : BrowserTest(fixture)
{
    /// <summary>Paris Rivoli takes one order per slot; the shopper has it as their store and a drill in the cart.</summary>
    private async Task DrillInTheCartAtParisRivoliAsync()
    {
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE stores SET orders_per_slot = 1 WHERE code = 'PAR01'"));
        await SetOnHandAsync("PAR01", "TLS-001", 10);
        await SetOnHandAsync("PAR01", "KIT-010", 10);
        await Page.GotoAsync($"/stores/{(await StoreAsync("PAR01")).Id}");
        await Button("Make this my store").ClickAsync();
        await Page.GotoAsync($"/products/{(await ProductAsync("TLS-001")).Id}");
        await AddToCartAsync(1);
    }

    /// <summary>Someone else books the slot's only place, through the API.</summary>
    private async Task<DateTimeOffset> SomeoneElseBooksTheFirstSlotAsync()
    {
        var store = await StoreAsync("PAR01");
        using var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        await client.PlaceOrderAsync(TestData.OrderBody(store, slot, (await ProductAsync("KIT-010"), 1)));
        return slot;
    }

    private ILocator SlotRadio(DateTimeOffset start) => Page.Locator($"#slot-{start.ToUnixTimeSeconds()}");

    [Fact]
    public async Task Checkout_WhenASlotIsFull_ShowsItAsFullAndItCannotBeChosen()
    {
        Journey = "slot-full-disabled";
        await DrillInTheCartAtParisRivoliAsync();
        var full = await SomeoneElseBooksTheFirstSlotAsync();

        await Page.GotoAsync("/checkout");

        await Expect(SlotRadio(full)).ToBeDisabledAsync();
        await Expect(Page.Locator(".slot").Filter(new() { Has = SlotRadio(full) })).ToContainTextAsync("full");
        await Expect(Page.Locator(".slot:not(.full) input")).Not.ToHaveCountAsync(0);
        await ScreenshotAsync("checkout");
        await AssertAccessibleAsync("checkout with a full slot");
    }

    [Fact]
    public async Task Checkout_WhenTheChosenSlotFillsMeanwhile_ShowsTheErrorBesideTheSlots_AndAnotherSlotWorks()
    {
        Journey = "slot-full-meanwhile";
        await DrillInTheCartAtParisRivoliAsync();
        await Page.GotoAsync("/checkout");
        await FillCheckoutAsync("Ada Lovelace", "ada@example.test");
        var chosen = await Page.Locator("input[name='Input.SlotStart']:checked").GetAttributeAsync("value");

        var taken = await SomeoneElseBooksTheFirstSlotAsync();
        DateTimeOffset.Parse(chosen!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(taken);
        await Button("4. Place order and pay").ClickAsync();

        var slotError = Page.Locator("#slot-error");
        await Expect(slotError).ToHaveTextAsync("That slot has just filled up. Please choose another one.");
        await Expect(Page.GetByRole(AriaRole.Group, new() { Name = "2. Pickup slot" }).Locator("#slot-error")).ToBeVisibleAsync();
        await Expect(SlotRadio(taken)).ToBeDisabledAsync();
        await Expect(SlotRadio(taken)).Not.ToBeCheckedAsync();
        await Expect(Page.GetByLabel("Full name")).ToHaveValueAsync("Ada Lovelace");
        await ScreenshotAsync("slot-taken");
        await AssertAccessibleAsync("checkout with a slot error");

        var other = Page.Locator(".slot:not(.full)").First;
        await other.Locator("label").ClickAsync();
        await PlaceOrderAsync();
        await ScreenshotAsync("pay");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.Domain.Stores;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.InStore;

/// <summary>
/// A shopper in the store scans a shelf label (the test opens its URL), orders "collect now" and pays on the phone;
/// the pass says when it is ready at the desk. axe on every page on the way.
/// </summary>
public sealed class CollectNowJourneyTests(BrowserApp fixture) : BrowserTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await InTheStoreAt.PinAsync(App, Context);
    }

    [Fact]
    public async Task A_shopper_scans_a_shelf_label_orders_collect_now_pays_and_the_pass_says_when_it_is_ready()
    {
        Journey = "collect-now";
        await SetOnHandAsync("PAR01", "TLS-001", 10);

        await Page.GotoAsync("/s/PAR01/p/TLS-001");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Collect now" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Ready at the desk at 10:17 AM (UTC+2). You pay on your phone.")).ToBeVisibleAsync();
        await StepAsync("product", audit: true);

        await Button("Collect at the desk in 10 minutes").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        var now = Page.Locator("#slot-now");
        await Expect(now).ToBeCheckedAsync();
        await Page.GetByLabel("Full name").FillAsync("Ada Lovelace");
        await Page.GetByLabel("Email").FillAsync("ada@example.test");
        await StepAsync("checkout", audit: true);

        await PlaceOrderAsync();
        await StepAsync("pay", audit: true);
        var number = await PayAsync();

        await ExpectPickupPassAsync(number);
        await Expect(Page.Locator("[data-ready-at]")).ToHaveTextAsync("Collect now: ready at the desk at 10:17 AM (UTC+2)");
        await StepAsync("order", audit: true);
        var order = await App.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Number == number));
        order.IsCollectNow.ShouldBeTrue();
        order.SlotStart.ShouldBe(InTheStoreAt.Instant.AddMinutes(10));
    }
}

/// <summary>The same offer on a phone held upright, in Arabic (right to left): nothing wider than the screen, axe clean.</summary>
public sealed class CollectNowPhoneTests(BrowserApp fixture) : BrowserTest(fixture)
{
    protected override bool OnPhone => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await InTheStoreAt.PinAsync(App, Context);
    }

    [Fact]
    public async Task On_a_phone_in_arabic_the_offer_and_the_checkout_fit_the_screen_right_to_left()
    {
        Journey = "collect-now-phone-ar";
        await UseLanguageAsync("ar");
        await SetOnHandAsync("PAR01", "TLS-001", 10);

        await Page.GotoAsync("/s/PAR01/p/TLS-001");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        var offer = Page.Locator("[data-collect-now]");
        await Expect(offer).ToBeVisibleAsync();
        await FitsAsync();
        await StepAsync("product", audit: true);

        await offer.ClickAsync();
        await Expect(Page.Locator("#slot-now")).ToBeCheckedAsync();
        await FitsAsync();
        await StepAsync("checkout", audit: true);
    }

    private async Task FitsAsync() =>
        (await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page is wider than the phone");
}

/// <summary>Wednesday 10:07 in Paris (UTC+2): Paris Rivoli is open; with 10 minutes to prepare an order is ready at 10:17.</summary>
internal static class InTheStoreAt
{
    public static readonly DateTimeOffset Instant = new(2026, 6, 10, 8, 7, 0, TimeSpan.Zero);

    public static async Task PinAsync(O2O.IntegrationTests.Infrastructure.O2OApp app, IBrowserContext context)
    {
        app.Clock.Set(Instant);
        await context.Clock.SetFixedTimeAsync(Instant.UtcDateTime);
        await app.WithDbAsync(async db =>
        {
            (await db.Stores.SingleAsync(s => s.Code == "PAR01")).ChangeCollectNow(new CollectNowSettings(true, 10, 4));
            await db.SaveChangesAsync();
        });
    }

}

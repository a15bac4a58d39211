using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.IntegrationTests.Promotions;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Staff;

/// <summary>The clerk redeems a code for a till sale on a phone, sees the discount, and voids it (issue 13's proof).</summary>
public sealed class CounterRedemptionBrowserTests(BrowserApp fixture) : BrowserTest(fixture)
{
    private const string StaffEmail = "staff.par01@o2o.test";

    protected override bool OnPhone => true;

    [Fact]
    public async Task The_clerk_redeems_a_code_at_the_counter_and_voids_it()
    {
        Journey = "counter-redemption";
        var store = await StoreAsync("PAR01");
        await App.TillPromotionAsync("BIENVENUE10", percent: 10, name: "Bienvenue");
        var url = $"/staff/stores/{store.Id}/redemptions";

        await SignInAsAsync(StaffEmail, url);
        await StepAsync("form", audit: true);
        await Page.GetByLabel("Code", new() { Exact = true }).FillAsync("bienvenue-10");
        await Page.GetByLabel("Till subtotal (EUR)").FillAsync("49.90");
        await Page.GetByLabel("Till receipt number").FillAsync("T-4711");
        await Button("Redeem").ClickAsync();

        await Expect(Page.Locator(".counter-result")).ToContainTextAsync("€4.99 off: the customer pays €44.91.");
        await Expect(Page.Locator(".counter-list")).ToContainTextAsync("receipt T-4711");
        (await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("nothing sticks out of a 390 px phone");
        await StepAsync("redeemed", audit: true);

        await Button("Void the redemption of receipt T-4711").ClickAsync();
        await Expect(Alert).ToHaveTextAsync("Receipt T-4711 voided: the code can be used again.");
        await Expect(Page.Locator(".counter-list")).ToContainTextAsync("Voided at");
        await StepAsync("voided", audit: true);
    }
}

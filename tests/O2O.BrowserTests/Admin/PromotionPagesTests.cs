using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Admin;

/// <summary>The promotion pages in a real browser, each checked by axe: the list with the demo code, the form, the details.</summary>
public sealed class PromotionPagesTests(BrowserApp fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Admin_CreatesASingleUsePromotion_GeneratesCodes_AndPausesIt()
    {
        Journey = "backoffice-promotions";
        await SignInAsAsync("admin@o2o.test", "/admin/promotions");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Welcome: 10 % off" })).ToBeVisibleAsync();
        await StepAsync("promotions", audit: true);

        await Link("New promotion").ClickAsync();
        await StepAsync("promotion-new", audit: true);
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("Autumn campaign");
        await Page.GetByLabel("Fixed amount off").CheckAsync();
        await Page.GetByLabel("Amount off", new() { Exact = true }).FillAsync("5.00");
        await Page.GetByLabel("Single-use codes (one per shopper, for campaigns)").CheckAsync();
        await Button("Save").ClickAsync();

        await Expect(Alert).ToHaveTextAsync("Promotion Autumn campaign saved.");
        await Page.GetByLabel("Number of codes (1 to 10,000)").FillAsync("20");
        await Button("Generate codes").ClickAsync();
        await Expect(Alert).ToHaveTextAsync("20 codes generated.");
        await StepAsync("promotion-details", audit: true);

        await Button("Pause").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Paused");
        await StepAsync("promotion-paused", audit: true);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using O2O.Application.Marketing;
using O2O.BrowserTests.Infrastructure;
using O2O.Domain.Promotions;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Marketing;

/// <summary>
/// A shopper accepts offers in their account, an admin sends a campaign from the back office, and the shopper leaves
/// through the email's unsubscribe link without signing in; every page is checked with axe-core (ADR 55).
/// </summary>
public sealed class CampaignJourneyTests(BrowserApp fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task A_shopper_accepts_offers_an_admin_sends_a_campaign_and_the_shopper_unsubscribes_from_the_link()
    {
        Journey = "campaign";
        var promotion = await App.WithDbAsync(async db =>
        {
            var p = new Promotion(Guid.CreateVersion7(), "Winter welcome", PromotionKind.PercentOff, 1000, null, null, PromoCodeMode.SingleUse,
                DateTimeOffset.UtcNow);
            db.Promotions.Add(p);
            await db.SaveChangesAsync();
            return p;
        });

        await Page.GotoAsync("/Account/Register");
        await Expect(Page.Locator("#marketing-consent")).Not.ToBeCheckedAsync();
        await StepAsync("register-consent-unticked", audit: true);

        await SignInAsAsync(ShopperEmail, "/account/marketing");
        await Page.Locator("#marketing-consent").CheckAsync();
        await Button("Save").ClickAsync();
        await Expect(Alert).ToHaveTextAsync("Saved: you will receive our offers by email.");
        await StepAsync("account-consent-given", audit: true);

        var admin = await NewPageInOwnContextAsync(await BrowserAsync());
        await SignInAsAsync("admin@o2o.test", "/admin/campaigns", admin);
        await admin.GetByLabel("Name").FillAsync("Winter in Paris");
        await admin.GetByLabel("Promotion (single-use codes)").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Label = promotion.Name });
        await admin.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Create the campaign" }).ClickAsync();
        await Expect(admin.Locator(".alert").First).ToHaveTextAsync("The campaign is ready to send.");
        await admin.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Send now" }).ClickAsync();
        await Expect(admin.Locator(".alert").First).ToContainTextAsync("Sent:");
        await StepAsync("admin-campaign-sent", audit: true, admin);

        var link = await App.WithDbAsync(db => db.Emails.Where(e => e.Kind == CampaignEmails.Kind && e.To == ShopperEmail)
            .Select(e => e.UnsubscribeUrl!).SingleAsync());
        var stranger = await NewPageInOwnContextAsync(await BrowserAsync()); // the mail app's browser: nobody signed in
        await stranger.GotoAsync(new Uri(link).PathAndQuery);
        await StepAsync("unsubscribe-question", audit: true, stranger);
        await stranger.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();
        await Expect(stranger.Locator(".alert").First).ToContainTextAsync("You are unsubscribed");
        await StepAsync("unsubscribed", audit: true, stranger);

        await Page.GotoAsync("/account/marketing");
        await Expect(Page.Locator("#marketing-consent")).Not.ToBeCheckedAsync();
    }
}

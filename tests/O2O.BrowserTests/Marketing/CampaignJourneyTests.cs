using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using O2O.Application.Marketing;
using O2O.BrowserTests.Infrastructure;
using O2O.Domain.Promotions;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Marketing;

/// <summary>
/// A shopper accepts offers in their account, an admin sends a campaign from the back office, the clerk redeems the
/// shopper's emailed code at the till, the admin sees it on the O2O report, and the shopper leaves through the email's
/// unsubscribe link without signing in; every page is checked with axe-core (ADR 55, 54, 56).
/// </summary>
public sealed class CampaignJourneyTests(BrowserApp fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task A_shopper_accepts_offers_an_admin_sends_a_campaign_the_clerk_redeems_its_code_the_report_shows_it_and_the_shopper_unsubscribes()
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

        // The shopper brings the emailed code into the store; the clerk takes it at the till.
        var (campaignId, code) = await App.WithDbAsync(async db =>
        {
            var sent = await db.Campaigns.SingleAsync(c => c.Name == "Winter in Paris");
            var codeId = await db.CampaignRecipients.Where(r => r.CampaignId == sent.Id).Select(r => r.CodeId).SingleAsync();
            return (sent.Id, await db.PromoCodes.Where(c => c.Id == codeId).Select(c => c.Code).SingleAsync());
        });
        var store = await StoreAsync("PAR01");
        var clerk = await NewPageInOwnContextAsync(await BrowserAsync());
        await SignInAsAsync("staff.par01@o2o.test", $"/staff/stores/{store.Id}/redemptions", clerk);
        await clerk.GetByLabel("Code", new() { Exact = true }).FillAsync(code.ToLowerInvariant());
        await clerk.GetByLabel("Till subtotal (EUR)").FillAsync("30.00");
        await clerk.GetByLabel("Till receipt number").FillAsync("T-9001");
        await clerk.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Redeem" }).ClickAsync();
        await Expect(clerk.Locator(".counter-result")).ToContainTextAsync("€3.00 off: the customer pays €27.00.");
        await StepAsync("clerk-redeemed-campaign-code", audit: true, clerk);

        // What the campaign brought in: the code sent, and redeemed at the counter.
        await admin.GotoAsync("/admin/o2o");
        var row = admin.Locator($"tr[data-campaign='{campaignId}']");
        await Expect(row.Locator("th")).ToHaveTextAsync("Winter in Paris");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("1"); // codes sent
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("0"); // redeemed online
        await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("1"); // redeemed at the counter
        await Expect(row.Locator("td").Nth(7)).ToContainTextAsync("€27.00"); // counter sales: what the till took
        await Expect(row.Locator("td").Nth(8)).ToContainTextAsync("€3.00"); // the discount it cost
        await StepAsync("admin-o2o-report", audit: true, admin);

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

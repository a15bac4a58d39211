using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.Domain.Promotions;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Admin;

/// <summary>The O2O report in a real browser (ADR 56): its bars drawn, its table read, its CSV downloaded, accessible in ltr and rtl.</summary>
public sealed class O2OReportPageTests(BrowserApp fixture) : BrowserTest(fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task Admin_SeesWhatACampaignBroughtIn_AsBarsAndATable_AndDownloadsTheCsv(string culture)
    {
        Journey = $"backoffice-o2o-{culture}";
        var now = App.Clock.GetUtcNow();
        var campaign = await App.WithDbAsync(async db =>
        {
            var store = await db.Stores.OrderBy(s => s.Code).FirstAsync();
            var shopper = await db.Users.Where(u => u.Email == ShopperEmail).Select(u => u.Id).SingleAsync();
            var promotion = new Promotion(Guid.CreateVersion7(), "Ten off", PromotionKind.PercentOff, 1000, null, null, PromoCodeMode.SingleUse, now);
            var sent = new Campaign(Guid.CreateVersion7(), "Spring in store", promotion.Id, store.Id, null, now.AddHours(-2), "admin");
            sent.MarkSent(now.AddHours(-2));
            var code = new PromoCode(Guid.CreateVersion7(), promotion.Id, PromoCodes.Generate(), true, sent.Id, now);
            db.Promotions.Add(promotion);
            db.Campaigns.Add(sent);
            await db.SaveChangesAsync();
            db.PromoCodes.Add(code);
            await db.SaveChangesAsync();
            db.CampaignRecipients.Add(new CampaignRecipient(sent.Id, shopper, code.Id, culture, now));
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO promo_redemptions (id, promotion_id, code_id, channel, store_id, external_reference, customer_keys, subtotal_minor,
                                               discount_minor, currency, created_at, actor)
                VALUES ({Guid.CreateVersion7()}, {promotion.Id}, {code.Id}, 'Counter', {store.Id}, 'till-1', {Array.Empty<string>()}, 5000, 500, 'EUR', {now.AddHours(-1)}, 'test')
                """);
            return sent;
        });
        await UseLanguageAsync(culture);
        await SignInAsAsync("admin@o2o.test", "/admin");

        await Page.GotoAsync("/admin/o2o");

        await Expect(Page.Locator("html")).ToHaveAttributeAsync("dir", culture == "ar" ? "rtl" : "ltr");
        var row = Page.Locator($"tr[data-campaign='{campaign.Id}']");
        await Expect(row.Locator("th")).ToHaveTextAsync("Spring in store");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("1");
        // The counter bar of the campaign is as long as its codes-sent bar: one of one.
        var bars = Page.Locator(".o2o-chart li").First.Locator("svg.o2o-bar rect");
        await Expect(bars).ToHaveCountAsync(3);
        Width(await bars.Nth(0).GetAttributeAsync("width")).ShouldBe(100);
        Width(await bars.Nth(1).GetAttributeAsync("width")).ShouldBe(0);
        Width(await bars.Nth(2).GetAttributeAsync("width")).ShouldBe(100);
        (await Page.Locator(".o2o-chart li svg.o2o-bar").First.BoundingBoxAsync())!.Width.ShouldBeGreaterThan(20);
        await StepAsync("report", audit: true);

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator("a[href*='handler=Csv']").ClickAsync());
        download.SuggestedFilename.ShouldStartWith("o2o-");
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        csv.ShouldContain("campaign," + campaign.Id + ",,Spring in store,Ten off,");
    }

    private static double Width(string? attribute) => double.Parse(attribute!, System.Globalization.CultureInfo.InvariantCulture);
}

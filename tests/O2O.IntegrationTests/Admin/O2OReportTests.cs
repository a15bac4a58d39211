using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using O2O.Application.Localization;
using O2O.Domain.Catalog;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Admin;

/// <summary>
/// What promotions brought in, 1 to 10 June (ADR 56). Paris (EUR, and one SEK till sale) and Tokyo (JPY). Campaign
/// "Spring" (4 sent, Paris): order A collected (20.00, 5.00 returned) and order B only paid, online; a till sale of 50.00
/// less 5.00 at 23:30 Paris on the 10th; a till use given back. Campaign "=1+2 Tokyo" (2 sent on 25 May): a till sale of
/// ¥3,000 less ¥300 at 23:30 Tokyo on the 10th, another at 00:30 on the 11th. Campaign "@Summer" (to every store, sent
/// 8 June, nobody yet). "Old" (April, unused). The shared code HELLO: order C collected (10.00 less 1.00), a SEK till sale,
/// and a till sale at 00:30 Paris on the 11th. Points on A, B, C (C is no campaign's) and on an order of 20 May.
/// </summary>
public sealed class O2OReportTests(O2OApp app) : IntegrationTest(app)
{
    private const string Range = "from=2026-06-01&to=2026-06-10";
    private static readonly DateTimeOffset OrderTime = new(2026, 6, 5, 8, 0, 0, TimeSpan.Zero);

    private Store _paris = null!;
    private Store _tokyo = null!;
    private Guid _spring;
    private Guid _tokyoCampaign;
    private Guid _summer;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _paris = await App.StoreAsync("PAR01", timeZone: "Europe/Paris");
        _tokyo = await App.StoreAsync("TYO01", timeZone: "Asia/Tokyo");
        var kettle = await App.ProductAsync("KETTLE", 1000);
        await App.StockAsync(_paris, kettle, 20);
        await App.UserAsync("boss@o2o.test", Roles.Admin);

        App.Clock.Set(new DateTimeOffset(2026, 5, 20, 8, 0, 0, TimeSpan.Zero));
        var (early, _) = await App.PaidOrderAsync(_paris, (kettle, 1));
        App.Clock.Set(OrderTime);
        var (a, _) = await App.PaidOrderAsync(_paris, (kettle, 2));
        var (b, _) = await App.PaidOrderAsync(_paris, (kettle, 1));
        var (c, _) = await App.PaidOrderAsync(_paris, (kettle, 1));

        var users = new List<string>();
        for (var i = 0; i < 7; i++) users.Add(await ShopperAsync($"shopper{i}@o2o.test"));
        var member = users[0];

        var tenOff = new Promotion(Guid.CreateVersion7(), "Ten off", PromotionKind.PercentOff, 1000, null, null, PromoCodeMode.SingleUse, OrderTime);
        var hello = new Promotion(Guid.CreateVersion7(), "Hello", PromotionKind.PercentOff, 1000, null, null, PromoCodeMode.Shared, OrderTime);
        var spring = Campaign("Spring", tenOff, _paris, new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.Zero));
        var tokyo = Campaign("=1+2 Tokyo", tenOff, _tokyo, new DateTimeOffset(2026, 5, 25, 1, 0, 0, TimeSpan.Zero));
        var summer = Campaign("@Summer", tenOff, null, new DateTimeOffset(2026, 6, 8, 10, 0, 0, TimeSpan.Zero));
        var old = Campaign("Old", tenOff, _paris, new DateTimeOffset(2026, 4, 1, 10, 0, 0, TimeSpan.Zero));
        (_spring, _tokyoCampaign, _summer) = (spring.Id, tokyo.Id, summer.Id);
        var codes = new[] { spring, spring, spring, spring, tokyo, tokyo, old }
            .Select(k => new PromoCode(Guid.CreateVersion7(), tenOff.Id, PromoCodes.Generate(), true, k.Id, OrderTime)).ToList();
        var shared = new PromoCode(Guid.CreateVersion7(), hello.Id, "HELLO", false, null, OrderTime);
        await App.WithDbAsync(async db =>
        {
            db.Promotions.AddRange(tenOff, hello);
            db.Campaigns.AddRange(spring, tokyo, summer, old);
            await db.SaveChangesAsync();
            db.PromoCodes.AddRange(codes);
            db.PromoCodes.Add(shared);
            await db.SaveChangesAsync();
            db.CampaignRecipients.AddRange(codes.Select((code, i) => new CampaignRecipient(code.CampaignId!.Value, users[i], code.Id, "en", OrderTime)));
            await db.SaveChangesAsync();

            await Redeem(db, codes[0], RedemptionChannel.Online, _paris, a, 2000, 200, "EUR", OrderTime);
            await Redeem(db, codes[1], RedemptionChannel.Online, _paris, b, 1000, 100, "EUR", OrderTime);
            await Redeem(db, codes[2], RedemptionChannel.Counter, _paris, null, 5000, 500, "EUR", At("2026-06-10T21:30:00Z")); // 23:30 in Paris
            await Redeem(db, codes[3], RedemptionChannel.Counter, _paris, null, 7000, 700, "EUR", At("2026-06-04T10:00:00Z"), given: true);
            await Redeem(db, codes[4], RedemptionChannel.Counter, _tokyo, null, 3000, 300, "JPY", At("2026-06-10T14:30:00Z")); // 23:30 in Tokyo
            await Redeem(db, codes[5], RedemptionChannel.Counter, _tokyo, null, 2000, 200, "JPY", At("2026-06-10T15:30:00Z")); // 00:30 on the 11th
            await Redeem(db, shared, RedemptionChannel.Online, _paris, c, 1000, 100, "EUR", OrderTime);
            await Redeem(db, shared, RedemptionChannel.Counter, _paris, null, 10000, 1000, "SEK", At("2026-06-06T12:00:00Z"));
            await Redeem(db, shared, RedemptionChannel.Counter, _paris, null, 9000, 900, "EUR", At("2026-06-10T22:30:00Z")); // 00:30 on the 11th

            await db.Database.ExecuteSqlAsync($"UPDATE orders SET status = 'Collected' WHERE id IN ({Guid.Parse(a)}, {Guid.Parse(c)}, {Guid.Parse(early)})");
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO returns (id, order_id, store_id, store_name, reason, refund_amount, currency, actor, created_at)
                VALUES ({Guid.CreateVersion7()}, {Guid.Parse(a)}, {_paris.Id}, 'Store PAR01', 'broken', 500, 'EUR', 'desk', {At("2026-06-07T10:00:00Z")})
                """);
            await db.Database.ExecuteSqlAsync($"INSERT INTO loyalty_accounts (user_id, balance) VALUES ({member}, 0)");
            foreach (var (order, kind, points) in new[]
            {
                (a, "Earned", 20L), (a, "ReturnReversal", -5L), (b, "Spent", -300L), (b, "ShortPick", 50L),
                (c, "Spent", -100L), (c, "GivenBack", 40L), (early, "Earned", 999L),
            })
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO loyalty_entries (id, user_id, points, kind, cause_key, order_id, created_at)
                    VALUES ({Guid.CreateVersion7()}, {member}, {points}, {kind}, {order + kind}, {Guid.Parse(order)}, {At("2026-06-08T10:00:00Z")})
                    """);
            }
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO loyalty_entries (id, user_id, points, kind, cause_key, created_at)
                VALUES ({Guid.CreateVersion7()}, {member}, 1000, 'Adjusted', 'gift', {At("2026-06-08T10:00:00Z")})
                """);
        });
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static Campaign Campaign(string name, Promotion promotion, Store? store, DateTimeOffset sentAt)
    {
        var campaign = new Campaign(Guid.CreateVersion7(), name, promotion.Id, store?.Id, null, sentAt.AddMinutes(-5), "admin");
        campaign.MarkSent(sentAt);
        return campaign;
    }

    /// <summary>A shopper without a password: hashing one per recipient would only slow the test down.</summary>
    private async Task<string> ShopperAsync(string email)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CreateAsync(user)).Succeeded.ShouldBeTrue();
        return user.Id;
    }

    private static Task Redeem(O2O.Infrastructure.Data.AppDbContext db, PromoCode code, RedemptionChannel channel, Store store, string? orderId,
        long subtotal, long discount, string currency, DateTimeOffset at, bool given = false)
    {
        Guid? order = orderId is null ? null : Guid.Parse(orderId);
        string? reference = channel == RedemptionChannel.Counter ? $"till-{Guid.NewGuid():N}" : null;
        DateTimeOffset? released = given ? at.AddHours(1) : null;
        string? reason = given ? "voided" : null;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO promo_redemptions (id, promotion_id, code_id, channel, store_id, order_id, external_reference, customer_keys,
                                           subtotal_minor, discount_minor, currency, created_at, actor, released_at, released_reason)
            VALUES ({Guid.CreateVersion7()}, {code.PromotionId}, {code.Id}, {channel.ToString()}, {store.Id}, {order}, {reference}, {Array.Empty<string>()},
                    {subtotal}, {discount}, {currency}, {at}, 'test', {released}, {reason})
            """);
    }

    private static JsonNode Currency(JsonNode row, string currency) =>
        row["currencies"]!.AsArray().Single(m => m!["currency"]!.GetValue<string>() == currency)!;

    private static long Amount(JsonNode figures, string field) => figures[field]!["amount"]!.GetValue<long>();

    [Fact]
    public async Task The_report_counts_live_uses_per_campaign_and_per_store_on_each_stores_day_and_keeps_currencies_apart()
    {
        var admin = await App.ClientForAsync("boss@o2o.test");

        var report = await admin.GetJsonAsync($"/api/v1/admin/dashboard/o2o?{Range}");

        var campaigns = report["campaigns"]!.AsArray();
        campaigns.Select(k => k!["name"]!.GetValue<string>()).ShouldBe(["@Summer", "Spring", "=1+2 Tokyo"]); // newest first; "Old" is outside
        var spring = campaigns[1]!;
        (spring["codesSent"]!.GetValue<int>(), spring["redeemedOnline"]!.GetValue<int>(), spring["redeemedAtCounter"]!.GetValue<int>(),
            spring["conversionRate"]!.GetValue<double>()).ShouldBe((4, 2, 1, 0.75));
        spring["promotionName"]!.GetValue<string>().ShouldBe("Ten off");
        spring["sentAt"]!.GetValue<DateTimeOffset>().ShouldBe(At("2026-06-02T09:00:00Z"));
        var springEur = Currency(spring, "EUR");
        // Online: A collected 20.00 less 5.00 returned; B not collected brings nothing yet. Counter: 50.00 less 5.00.
        (Amount(springEur, "salesOnline"), Amount(springEur, "salesAtCounter"), Amount(springEur, "sales"), Amount(springEur, "discount"))
            .ShouldBe((1500L, 4500L, 6000L, 800L));
        spring["currencies"]!.AsArray().Count.ShouldBe(1);
        // Points of the orders that carried its codes: A earned 20 less 5 returned, B spent 300 less 50 given back on a short pick.
        (spring["pointsEarned"]!.GetValue<long>(), spring["pointsSpent"]!.GetValue<long>()).ShouldBe((15L, 250L));

        var tokyo = campaigns[2]!;
        (tokyo["codesSent"]!.GetValue<int>(), tokyo["redeemedOnline"]!.GetValue<int>(), tokyo["redeemedAtCounter"]!.GetValue<int>(),
            tokyo["conversionRate"]!.GetValue<double>()).ShouldBe((2, 0, 1, 0.5));
        var yen = Currency(tokyo, "JPY");
        (Amount(yen, "sales"), Amount(yen, "discount")).ShouldBe((2700L, 300L));
        (tokyo["pointsEarned"]!.GetValue<long>(), tokyo["pointsSpent"]!.GetValue<long>()).ShouldBe((0L, 0L));
        var summer = campaigns[0]!;
        (summer["codesSent"]!.GetValue<int>(), summer["conversionRate"], summer["currencies"]!.AsArray().Count).ShouldBe((0, (JsonNode?)null, 0));

        var stores = report["stores"]!.AsArray();
        stores.Select(s => s!["code"]!.GetValue<string>()).ShouldBe(["PAR01", "TYO01"]);
        var paris = stores[0]!;
        (paris["redeemedOnline"]!.GetValue<int>(), paris["redeemedAtCounter"]!.GetValue<int>(), paris["pointsEarned"]!.GetValue<long>(),
            paris["pointsSpent"]!.GetValue<long>()).ShouldBe((3, 2, 15L, 310L));
        var parisEur = Currency(paris, "EUR");
        (parisEur["redeemedOnline"]!.GetValue<int>(), parisEur["redeemedAtCounter"]!.GetValue<int>(), Amount(parisEur, "salesOnline"),
            Amount(parisEur, "salesAtCounter"), Amount(parisEur, "discount")).ShouldBe((3, 1, 2500L, 4500L, 900L));
        var parisSek = Currency(paris, "SEK");
        (parisSek["redeemedAtCounter"]!.GetValue<int>(), Amount(parisSek, "sales"), Amount(parisSek, "discount")).ShouldBe((1, 9000L, 1000L));
        var tokyoStore = stores[1]!;
        (tokyoStore["redeemedAtCounter"]!.GetValue<int>(), Amount(Currency(tokyoStore, "JPY"), "sales"), tokyoStore["pointsEarned"]!.GetValue<long>())
            .ShouldBe((1, 2700L, 0L));

        var totals = report["totals"]!;
        (totals["codesSent"]!.GetValue<int>(), totals["campaignRedemptions"]!.GetValue<int>(), totals["redeemedOnline"]!.GetValue<int>(),
            totals["redeemedAtCounter"]!.GetValue<int>(), totals["conversionRate"]!.GetValue<double>()).ShouldBe((6, 4, 3, 3, 0.667));
        totals["currencies"]!.AsArray().Select(m => (m!["currency"]!.GetValue<string>(), Amount(m, "sales"), Amount(m, "discount")))
            .ShouldBe([("EUR", 7000L, 900L), ("JPY", 2700L, 300L), ("SEK", 9000L, 1000L)]);
        (totals["pointsEarned"]!.GetValue<long>(), totals["pointsSpent"]!.GetValue<long>()).ShouldBe((15L, 310L));
    }

    [Fact]
    public async Task The_next_local_day_holds_the_uses_at_half_past_midnight_and_the_default_is_the_last_30_days()
    {
        App.Clock.Set(new DateTimeOffset(2026, 6, 10, 16, 0, 0, TimeSpan.Zero)); // already the 11th in Tokyo
        var admin = await App.ClientForAsync("boss@o2o.test");

        var eleventh = await admin.GetJsonAsync("/api/v1/admin/dashboard/o2o?from=2026-06-11&to=2026-06-11");

        var stores = eleventh["stores"]!.AsArray();
        Amount(Currency(stores[0]!, "EUR"), "salesAtCounter").ShouldBe(8100); // HELLO at 00:30 Paris
        Amount(Currency(stores[1]!, "JPY"), "salesAtCounter").ShouldBe(1800); // the Tokyo campaign at 00:30 Tokyo
        eleventh["campaigns"]!.AsArray().Single()!["id"]!.GetValue<Guid>().ShouldBe(_tokyoCampaign);

        var byDefault = await admin.GetJsonAsync("/api/v1/admin/dashboard/o2o");
        (byDefault["from"]!.GetValue<string>(), byDefault["to"]!.GetValue<string>()).ShouldBe(("2026-05-13", "2026-06-11"));
        byDefault["campaigns"]!.AsArray().Select(k => k!["id"]!.GetValue<Guid>()).ShouldBe([_summer, _spring, _tokyoCampaign]);
    }

    [Fact]
    public async Task The_csv_has_a_row_per_campaign_and_per_store_and_currency_matching_the_report_with_formulas_escaped()
    {
        var admin = await App.ClientForAsync("boss@o2o.test");

        var response = await admin.GetAsync($"/api/v1/admin/dashboard/o2o.csv?{Range}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("o2o-2026-06-01-2026-06-10.csv");
        var text = await response.Content.ReadAsStringAsync();
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().Select(r => r.ToDictionary(x => x.Key, x => (string)x.Value)).ToList();

        rows.Select(r => (r["scope"], r["name"], r["currency"])).ShouldBe([
            ("campaign", "'@Summer", ""), ("campaign", "Spring", "EUR"), ("campaign", "'=1+2 Tokyo", "JPY"),
            ("store", "Store PAR01", "EUR"), ("store", "Store PAR01", "SEK"), ("store", "Store TYO01", "JPY"),
        ]);
        var spring = rows[1];
        (spring["id"], spring["promotion"], spring["sent_at"], spring["codes_sent"], spring["redeemed_online"], spring["redeemed_at_counter"],
            spring["conversion_rate"]).ShouldBe((_spring.ToString(), "Ten off", "2026-06-02T09:00:00Z", "4", "2", "1", "0.75"));
        (spring["sales_online"], spring["sales_at_counter"], spring["sales"], spring["discount"], spring["points_earned"], spring["points_spent"])
            .ShouldBe(("15.00", "45.00", "60.00", "8.00", "15", "250"));
        (rows[2]["sales"], rows[2]["discount"], rows[2]["conversion_rate"]).ShouldBe(("2700", "300", "0.5")); // yen have no decimals
        // A store's second currency row carries that currency's uses and money, and not again the points, so columns add up.
        (rows[3]["code"], rows[3]["redeemed_online"], rows[3]["redeemed_at_counter"], rows[3]["sales"], rows[3]["points_earned"], rows[3]["points_spent"])
            .ShouldBe(("PAR01", "3", "1", "70.00", "15", "310"));
        (rows[4]["redeemed_online"], rows[4]["redeemed_at_counter"], rows[4]["sales"], rows[4]["discount"], rows[4]["points_earned"])
            .ShouldBe(("0", "1", "90.00", "10.00", ""));
        text.ShouldNotContain(",=1+2");
        text.ShouldNotContain(",@Summer");
    }

    [Theory]
    [InlineData("from=2025-06-09&to=2026-06-10")] // 367 days
    [InlineData("from=2026-06-10&to=2026-06-01")]
    [InlineData("from=1000-01-01&to=1000-01-02")]
    public async Task A_range_beyond_a_year_or_backwards_is_a_400_on_the_api_and_a_message_on_the_page(string range)
    {
        var admin = await App.ClientForAsync("boss@o2o.test");

        var json = await admin.GetAsync($"/api/v1/admin/dashboard/o2o?{range}");
        var file = await admin.GetAsync($"/api/v1/admin/dashboard/o2o.csv?{range}");

        (await json.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Count.ShouldBeGreaterThan(0);
        await file.ProblemAsync(HttpStatusCode.BadRequest);
        App.Clock.Set(OrderTime);
        var page = await PageClient.SignedInAsync(App, "boss@o2o.test");
        (await page.GetAsync($"/admin/o2o?{range}")).ShouldContain("field-validation-error");
        (await page.GetAsync($"/admin/o2o?handler=Csv&{range}")).ShouldContain("field-validation-error");
    }

    [Fact]
    public async Task A_year_of_366_days_is_allowed()
    {
        var admin = await App.ClientForAsync("boss@o2o.test");

        var report = await admin.GetJsonAsync("/api/v1/admin/dashboard/o2o?from=2025-06-10&to=2026-06-10");

        report["campaigns"]!.AsArray().Count.ShouldBe(4);
    }

    [Fact]
    public async Task Only_an_admin_reads_the_report()
    {
        await App.UserAsync("shopper@o2o.test", Roles.Shopper);
        await App.UserAsync("desk@o2o.test", Roles.Staff, _paris);
        foreach (var email in new[] { "shopper@o2o.test", "desk@o2o.test" })
        {
            var client = await App.ClientForAsync(email);
            (await client.GetAsync($"/api/v1/admin/dashboard/o2o?{Range}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await client.GetAsync($"/api/v1/admin/dashboard/o2o.csv?{Range}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
        (await App.CreateClient().GetAsync($"/api/v1/admin/dashboard/o2o?{Range}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task The_page_shows_the_report_in_the_readers_language_with_its_csv(string culture)
    {
        App.Clock.Set(OrderTime);
        var page = await PageClient.SignedInAsync(App, "boss@o2o.test");

        var html = WebUtility.HtmlDecode(await page.GetAsync($"/admin/o2o?{Range}&culture={culture}"));
        var csv = await page.Http.GetAsync($"/admin/o2o?handler=Csv&{Range}");

        using (CultureScope.Use(culture))
        {
            html.ShouldContain($"<h1>{O2O.Web.Localization.Admin.O2O_Title}");
            html.ShouldContain($"<th scope=\"col\">{O2O.Web.Localization.Admin.O2O_Column_Counter}</th>");
            // Spring's row: sent on the Paris clock, 75 %, its money in euros; the Paris row keeps its kronor apart.
            html.ShouldContain($"<td>{Formats.Moment(Formats.InZone(At("2026-06-02T09:00:00Z"), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")))}</td>");
            html.ShouldContain($"<td>{0.75.ToString("P0", CultureInfo.CurrentCulture)}</td>");
            html.ShouldContain($"<td>{Formats.Money(1500, "EUR")}</td><td>{Formats.Money(4500, "EUR")}</td><td>{Formats.Money(800, "EUR")}</td>");
            html.ShouldContain($"<td>{Formats.Money(4500, "EUR")} · {Formats.Money(9000, "SEK")}</td>");
            html.ShouldContain($"<span class=\"o2o-bar-value\">{Formats.Money(2700, "JPY")}</span>");
        }
        html.ShouldContain(culture == "ar" ? "dir=\"rtl\"" : "lang=\"fr\"");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await csv.Content.ReadAsStringAsync()).ShouldContain("Spring,Ten off,2026-06-02T09:00:00Z,4,2,1,0.75,EUR,15.00,45.00,60.00,8.00,15,250");
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;
using O2O.Application.Localization;
using O2O.Application.Marketing;
using O2O.Domain.Carts;
using O2O.Domain.Common;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.Infrastructure.Email;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Marketing;

/// <summary>An admin sends a campaign: only consenting shoppers get it, in their language, each with their own code, once (ADR 55).</summary>
public sealed class CampaignTests(O2OApp app) : IntegrationTest(app)
{
    // A Wednesday in winter: Paris is at UTC+1.
    private static readonly DateTimeOffset Now = new(2026, 1, 14, 9, 0, 0, TimeSpan.Zero);
    private Store _paris = null!;
    private Promotion _spring = null!;
    private HttpClient _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Now);
        _paris = await App.StoreAsync("PAR01");
        _spring = await PromotionAsync(PromoCodeMode.SingleUse);
        await App.UserAsync("admin@example.test", Roles.Admin);
        _admin = await App.ClientForAsync("admin@example.test");
    }

    private Task<Promotion> PromotionAsync(PromoCodeMode mode) => App.WithDbAsync(async db =>
    {
        var promotion = new Promotion(Guid.CreateVersion7(), $"Spring {mode}", PromotionKind.PercentOff, 1000, null, null, mode, Now);
        db.Promotions.Add(promotion);
        await db.SaveChangesAsync();
        return promotion;
    });

    /// <summary>A shopper with a language and an answer (null: never asked).</summary>
    private async Task<string> ShopperAsync(string email, string? culture, bool? consent)
    {
        var id = await App.UserAsync(email, Roles.Shopper);
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""UPDATE "AspNetUsers" SET preferred_culture = {culture}, display_name = {email.Split('@')[0]} WHERE id = {id}"""));
        if (consent is { } given) (await App.SendAsync(new SetMarketingConsent(id, given, ConsentSource.Account))).IsSuccess.ShouldBeTrue();
        return id;
    }

    private async Task<JsonNode> CreateAsync(object body)
    {
        var response = await _admin.PostJsonAsync("/api/v1/admin/campaigns", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private async Task<JsonNode> SendAsync(string campaignId)
    {
        var response = await _admin.PostJsonAsync($"/api/v1/admin/campaigns/{campaignId}/send", new { });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private sealed record Sent(string To, string Subject, string Body, string? UnsubscribeUrl, string? UserId, string Code);

    private Task<List<Sent>> CampaignEmailsAsync() => App.WithDbAsync(async db =>
    {
        var emails = await db.Emails.AsNoTracking().Where(e => e.Kind == CampaignEmails.Kind).OrderBy(e => e.To).ToListAsync();
        var codes = await (from r in db.CampaignRecipients join c in db.PromoCodes on r.CodeId equals c.Id select new { r.UserId, c.Code }).ToListAsync();
        return emails.Select(e => new Sent(e.To, e.Subject, e.Body, e.UnsubscribeUrl, e.UserId,
            codes.Where(c => c.UserId == e.UserId && e.Body.Contains(c.Code, StringComparison.Ordinal)).Select(c => c.Code).Single())).ToList();
    });

    [Fact]
    public async Task ACampaign_ReachesOnlyConsentingShoppers_EachInTheirLanguage_WithTheirOwnCodeAndTheStore()
    {
        await ShopperAsync("ada@example.test", "fr", true);
        await ShopperAsync("bob@example.test", "ar", true);
        await ShopperAsync("cy@example.test", "de", false);
        await ShopperAsync("dee@example.test", "fr", null);
        var campaign = await CreateAsync(new { name = "Winter", promotionId = _spring.Id, storeId = _paris.Id });

        var sent = await SendAsync(campaign["id"]!.GetValue<string>());

        sent["sent"]!.GetValue<int>().ShouldBe(2);
        sent["recipients"]!.GetValue<int>().ShouldBe(2);
        var emails = await CampaignEmailsAsync();
        emails.Select(e => e.To).ShouldBe(["ada@example.test", "bob@example.test"]);
        emails.Select(e => e.Code).Distinct().Count().ShouldBe(2);
        var ada = emails[0];
        string tenPercent;
        using (CultureScope.Use("fr")) tenPercent = 0.1m.ToString("P0", CultureInfo.CurrentCulture); // "10 %", with the space French puts there
        ada.Subject.ShouldBe($"{tenPercent} de réduction chez Store PAR01\u00A0: votre code personnel");
        ada.Body.ShouldContain("Bonjour ada,");
        ada.Body.ShouldContain($"Voici votre code personnel pour {tenPercent} de réduction\u00A0:\n  {ada.Code}\n".ReplaceLineEndings());
        ada.Body.ShouldContain("Magasin\u00A0: Store PAR01, 1 Rue de Test, 75001 Paris");
        ada.Body.ShouldContain("Horaires d’ouverture, à l’heure du magasin (UTC+1)\u00A0:");
        ada.Body.ShouldContain("  Lundi\u00A0: 08:00–20:00");
        ada.Body.ShouldContain($"(sans vous connecter)\u00A0: {ada.UnsubscribeUrl}");
        ada.UnsubscribeUrl.ShouldStartWith("http://localhost/unsubscribe?t=");
        ada.UnsubscribeUrl.ShouldEndWith("&culture=fr");
        var bob = emails[1];
        bob.Subject.ShouldContain("رمزك الشخصي");
        bob.Body.ShouldContain("مرحبًا bob،");
        bob.Body.ShouldContain(bob.Code);
        bob.UnsubscribeUrl.ShouldEndWith("&culture=ar");
        bob.UnsubscribeUrl.ShouldNotBe(ada.UnsubscribeUrl);
        var codes = await App.WithDbAsync(db => db.PromoCodes.AsNoTracking().ToListAsync());
        codes.ShouldAllBe(c => c.SingleUse && c.PromotionId == _spring.Id && c.CampaignId == Guid.Parse(campaign["id"]!.GetValue<string>()));
        (await _admin.GetJsonAsync($"/api/v1/admin/campaigns/{campaign["id"]}"))["sentAt"].ShouldNotBeNull();
    }

    [Fact]
    public async Task TheEmailLeavesWithItsUnsubscribeHeaders_AndTheirOneClick_KeepsTheShopperOutOfTheNextCampaign()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await ShopperAsync("ada@example.test", "fr", true);
        await ShopperAsync("bob@example.test", "en", true);
        await SendAsync((await CreateAsync(new { name = "First", promotionId = _spring.Id }))["id"]!.GetValue<string>());
        var dispatcher = new OutboxDispatcher(App.Services.GetRequiredService<IServiceScopeFactory>(),
            new EmailTransport(Options.Create(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = smtp.Port, UseStartTls = false })),
            App.Clock, Options.Create(new EmailOptions()), NullLogger<OutboxDispatcher>.Instance);
        (await dispatcher.DispatchOnceAsync(CancellationToken.None)).ShouldBe(2);

        var received = smtp.Received().Single(m => m.To.Mailboxes.Single().Address == "ada@example.test");
        received.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        var header = received.Headers["List-Unsubscribe"];
        header.ShouldStartWith("<http://localhost/unsubscribe?t=");
        // What the mail client does with the header: POST to it, no cookie, no sign-in.
        var oneClick = await App.CreateClient().PostAsync(header.Trim('<', '>'),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        oneClick.StatusCode.ShouldBe(HttpStatusCode.OK);

        var second = await SendAsync((await CreateAsync(new { name = "Second", promotionId = _spring.Id }))["id"]!.GetValue<string>());

        second["sent"]!.GetValue<int>().ShouldBe(1);
        (await CampaignEmailsAsync()).Where(e => e.To == "ada@example.test").Count().ShouldBe(1);
        (await CampaignEmailsAsync()).Where(e => e.To == "bob@example.test").Count().ShouldBe(2);
    }

    [Fact]
    public async Task SendingAgain_SendsNothingNew()
    {
        await ShopperAsync("ada@example.test", "fr", true);
        await ShopperAsync("bob@example.test", "ar", true);
        var id = (await CreateAsync(new { name = "Winter", promotionId = _spring.Id }))["id"]!.GetValue<string>();
        await SendAsync(id);
        await ShopperAsync("cy@example.test", "de", true); // says yes after the campaign went out

        var again = await SendAsync(id);

        again["sent"]!.GetValue<int>().ShouldBe(0);
        again["recipients"]!.GetValue<int>().ShouldBe(2);
        (await CampaignEmailsAsync()).Count.ShouldBe(2);
        (await App.WithDbAsync(db => db.PromoCodes.CountAsync())).ShouldBe(2);
    }

    [Fact]
    public async Task ASendCutShortAfterItsFirstBatch_IsCompletedBySendingAgain_WithoutDuplicates()
    {
        foreach (var name in new[] { "ada", "bob", "cy", "dee", "eve" }) await ShopperAsync($"{name}@example.test", "fr", true);
        var id = (await CreateAsync(new { name = "Winter", promotionId = _spring.Id }))["id"]!.GetValue<string>();
        // The first batch of a send commits, then the process dies before the next one.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
            var campaign = await db.Campaigns.AsNoTracking().SingleAsync();
            var sending = await CampaignSending.PrepareAsync(db, campaign, default);
            (await CampaignSending.SendBatchAsync(db, scope.ServiceProvider.GetRequiredService<IUnsubscribeTokens>(), sending,
                "http://localhost", Now, limit: 2, default)).ShouldBe(2);
        }
        (await _admin.GetJsonAsync($"/api/v1/admin/campaigns/{id}"))["sentAt"].ShouldBeNull();

        var completed = await SendAsync(id);

        completed["sent"]!.GetValue<int>().ShouldBe(3);
        completed["recipients"]!.GetValue<int>().ShouldBe(5);
        var emails = await CampaignEmailsAsync();
        emails.Select(e => e.To).Distinct().Count().ShouldBe(5);
        emails.Count.ShouldBe(5);
        emails.Select(e => e.Code).Distinct().Count().ShouldBe(5);
    }

    [Fact]
    public async Task TwoSendsAtOnce_GiveEachShopperOneEmail()
    {
        for (var i = 0; i < 6; i++) await ShopperAsync($"s{i}@example.test", "en", true);
        var id = (await CreateAsync(new { name = "Winter", promotionId = _spring.Id }))["id"]!.GetValue<string>();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendAsync(id)));

        results.Sum(r => r["sent"]!.GetValue<int>()).ShouldBe(6);
        (await CampaignEmailsAsync()).Select(e => e.To).Distinct().Count().ShouldBe(6);
        (await App.WithDbAsync(db => db.Emails.CountAsync())).ShouldBe(6);
    }

    [Fact]
    public async Task NearAStore_MeansTheShoppersOwnStore_ChosenOrLastOrdered_WithinTheRadius()
    {
        var nearby = await StoreAtAsync("PAR02", new GeoPoint(48.90, 2.30)); // about 5 km from PAR01
        var lisbon = await StoreAtAsync("LIS01", new GeoPoint(38.71, -9.14));
        var chose = await ShopperAsync("chose-nearby@example.test", "fr", true);
        var ordered = await ShopperAsync("ordered-nearby@example.test", "fr", true);
        var far = await ShopperAsync("far@example.test", "pt", true);
        await ShopperAsync("unknown@example.test", "fr", true);
        await CartAtAsync(chose, nearby);
        await CartAtAsync(far, lisbon);
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO carts (id, store_id, user_id, created_at, updated_at) VALUES ({Guid.CreateVersion7()}, NULL, {ordered}, {Now}, {Now})
            """));
        await OrderAtAsync("ordered-nearby@example.test", nearby);

        var campaign = await CreateAsync(new { name = "Near Paris", promotionId = _spring.Id, storeId = _paris.Id, radiusKm = 10 });
        var sent = await SendAsync(campaign["id"]!.GetValue<string>());

        sent["sent"]!.GetValue<int>().ShouldBe(2);
        (await CampaignEmailsAsync()).Select(e => e.To).ShouldBe(["chose-nearby@example.test", "ordered-nearby@example.test"]);
        campaign["radiusKm"]!.GetValue<int>().ShouldBe(10);
    }

    [Fact]
    public async Task ACampaignNeedsASingleUsePromotion_AndARadiusNeedsAStore()
    {
        var shared = await PromotionAsync(PromoCodeMode.Shared);

        var notSingleUse = await (await _admin.PostJsonAsync("/api/v1/admin/campaigns", new { name = "W", promotionId = shared.Id })).ProblemAsync(HttpStatusCode.BadRequest);
        var radiusAlone = await (await _admin.PostJsonAsync("/api/v1/admin/campaigns", new { name = "W", promotionId = _spring.Id, radiusKm = 5 })).ProblemAsync(HttpStatusCode.BadRequest);
        var unknown = await _admin.PostJsonAsync($"/api/v1/admin/campaigns/{Guid.CreateVersion7()}/send", new { });
        await ShopperAsync("ada@example.test", "fr", true);
        var shopper = await App.ClientForAsync("ada@example.test");

        notSingleUse["errors"]!["promotionId"].ShouldNotBeNull();
        radiusAlone["errors"]!["storeId"].ShouldNotBeNull();
        (await unknown.ProblemAsync(HttpStatusCode.NotFound))["code"]!.GetValue<string>().ShouldBe("not_found");
        (await shopper.PostJsonAsync("/api/v1/admin/campaigns", new { name = "W", promotionId = _spring.Id })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.WithDbAsync(db => db.Campaigns.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task TheAdminPage_CreatesAndSendsACampaign_InTheAdminsLanguage()
    {
        await ShopperAsync("ada@example.test", "fr", true);
        await ShopperAsync("bob@example.test", "ar", true);
        var page = await PageClient.SignedInAsync(App, "admin@example.test");

        PageClient.Location(await page.PostFormAsync("/admin/campaigns?culture=fr", "/admin/campaigns?culture=fr", new()
        {
            ["Input.Name"] = "Winter", ["Input.PromotionId"] = _spring.Id.ToString(), ["Input.StoreId"] = _paris.Id.ToString(), ["Input.RadiusKm"] = "",
        })).ShouldBe("/admin/campaigns");
        var id = await App.WithDbAsync(db => db.Campaigns.Select(c => c.Id).SingleAsync());
        var list = await page.GetAsync("/admin/campaigns?culture=fr");
        list.ShouldContain("La campagne est prête à être envoyée.");
        list.ShouldContain("Pas encore envoyée");
        PageClient.Location(await page.PostFormAsync("/admin/campaigns?culture=fr", $"/admin/campaigns?handler=Send&id={id}&culture=fr", new())).ShouldBe("/admin/campaigns");

        var after = await page.GetAsync("/admin/campaigns?culture=fr");
        WebUtility.HtmlDecode(after).ShouldContain("Envoyée\u00A0: 2 e-mails sont en route.");
        WebUtility.HtmlDecode(after).ShouldContain("Envoyée le 14/01/2026 10:00 (UTC+1)");
        var missing = await page.PostFormAsync("/admin/campaigns?culture=ar", "/admin/campaigns?culture=ar", new() { ["Input.Name"] = "" });
        missing.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("اختر العرض الترويجي الذي توزّع الحملة رموزه.");
    }

    [Fact]
    public async Task TheShoppersDownload_ListsTheCampaignsAndTheirEmails_AndDeletionErasesThem()
    {
        await ShopperAsync("ada@example.test", "fr", true);
        await ShopperAsync("bob@example.test", "fr", true);
        await SendAsync((await CreateAsync(new { name = "Winter", promotionId = _spring.Id }))["id"]!.GetValue<string>());
        var ada = await App.ClientForAsync("ada@example.test");

        var marketing = (await ada.GetJsonAsync("/api/v1/me/data"))["sections"]!["marketing"]!;
        marketing["campaigns"]!.AsArray().Single()!["campaign"]!.GetValue<string>().ShouldBe("Winter");
        marketing["emailsSent"]!.AsArray().Single()!["to"]!.GetValue<string>().ShouldBe("ada@example.test");
        (await ada.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = JsonContent.Create(new { password = "Demo-pass-1" }) }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await CampaignEmailsAsync()).Select(e => e.To).ShouldBe(["bob@example.test"]);
        (await App.WithDbAsync(db => db.CampaignRecipients.CountAsync())).ShouldBe(1);
    }

    private Task<Store> StoreAtAsync(string code, GeoPoint at) => App.WithDbAsync(async db =>
    {
        var store = new Store(Guid.CreateVersion7(), code, $"Store {code}", new StoreAddress("2 Rue de Test", "75002", "Paris", "FR"),
            at, "Europe/Paris", new PickupSettings(30, 100, 60, 7, 3, CaptureMode.AtOrder));
        store.SetOpeningHours(Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, new TimeOnly(8, 0), new TimeOnly(20, 0))));
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        return store;
    });

    private Task CartAtAsync(string userId, Store store) => App.WithDbAsync(async db =>
    {
        var cart = new Cart(Guid.CreateVersion7(), Now);
        cart.ChooseStore(store.Id, Now);
        cart.BelongTo(userId, Now);
        db.Carts.Add(cart);
        await db.SaveChangesAsync();
    });

    private async Task OrderAtAsync(string email, Store store)
    {
        var product = await App.ProductAsync("KETTLE-" + store.Code);
        await App.StockAsync(store, product, 5);
        var client = await App.ClientForAsync(email);
        await client.PlaceOrderAsync(TestData.OrderBody(store, await client.FirstSlotAsync(store), (product, 1)));
    }
}

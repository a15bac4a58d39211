using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Diagnostics;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>A till redeems a code through the API: replays, voids, races and who may (issue 13 item 4, ADR 54).</summary>
public sealed class CounterRedemptionTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Tuesday = new(2030, 6, 4, 9, 15, 0, TimeSpan.Zero);

    private Store _store = null!;
    private HttpClient _till = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Tuesday);
        _store = await App.StoreAsync("TILL1");
        await App.UserAsync("till.one@o2o.test", Roles.Staff, _store);
        _till = await App.ClientForAsync("till.one@o2o.test");
    }

    private Task<int> LiveUsesAsync(Guid promotionId) =>
        App.WithDbAsync(db => db.Promotions.Where(p => p.Id == promotionId).Select(p => p.Uses).SingleAsync());

    [Fact]
    public async Task Redeem_AnswersTheDiscountAndAnId_OnTheStoresClock_AndTheSameReferenceReplaysItByteForByte()
    {
        var (promotion, _) = await App.TillPromotionAsync("WELCOME10", percent: 10);

        var (status, first) = await _till.RedeemAsync(_store, "welcome-10", 4_999, "R-0001").ReadAsync();

        status.ShouldBe(HttpStatusCode.OK, first);
        var json = JsonNode.Parse(first)!;
        json["code"]!.GetValue<string>().ShouldBe("WELCOME10");
        json["discount"]!["amount"]!.GetValue<long>().ShouldBe(500);
        json["discount"]!["currency"]!.GetValue<string>().ShouldBe("EUR");
        json["subtotal"]!["amount"]!.GetValue<long>().ShouldBe(4_999);
        json["total"]!["amount"]!.GetValue<long>().ShouldBe(4_499);
        json["promotion"]!["id"]!.GetValue<Guid>().ShouldBe(promotion.Id);
        json["promotion"]!["name"]!.GetValue<string>().ShouldBe("Autumn");
        json["externalReference"]!.GetValue<string>().ShouldBe("R-0001");
        json["createdAt"]!.GetValue<string>().ShouldBe("2030-06-04T11:15:00+02:00");
        var id = json["redemptionId"]!.GetValue<Guid>();

        App.Clock.Set(Tuesday.AddMinutes(5));
        var (again, replay) = await _till.RedeemAsync(_store, "WELCOME10", 4_999, "R-0001").ReadAsync();

        again.ShouldBe(HttpStatusCode.OK, replay);
        replay.ShouldBe(first);
        (await LiveUsesAsync(promotion.Id)).ShouldBe(1);
        var one = await _till.GetJsonAsync($"{CounterFixtures.RedemptionsUrl(_store)}/{id}");
        one["redemption"]!["redemptionId"]!.GetValue<Guid>().ShouldBe(id);
        one["channel"]!.GetValue<string>().ShouldBe("counter");
        one["voidedAt"].ShouldBeNull();
    }

    [Fact]
    public async Task TheSameReference_ReplaysTheFirstAnswer_EvenOnceTheSingleUseCodeIsUsedUp()
    {
        await App.TillPromotionAsync("ONCE-ONLY-AAAA", singleUse: true);
        var (_, first) = await _till.RedeemAsync(_store, "ONCE-ONLY-AAAA", 2_000, "R-7").ReadAsync();

        (await _till.RedeemAsync(_store, "ONCE-ONLY-AAAA", 2_000, "R-8").ReadAsync()).Status.ShouldBe(HttpStatusCode.Conflict);
        var (status, replay) = await _till.RedeemAsync(_store, "ONCE-ONLY-AAAA", 2_000, "R-7").ReadAsync();

        status.ShouldBe(HttpStatusCode.OK);
        replay.ShouldBe(first);
    }

    [Theory]
    [InlineData("OTHER20", 4_999L)]
    [InlineData("WELCOME10", 5_000L)]
    public async Task TheSameReference_WithAnotherCodeOrSubtotal_IsRefused_AndBooksNothing(string code, long amount)
    {
        var (promotion, _) = await App.TillPromotionAsync("WELCOME10");
        var (other, _) = await App.TillPromotionAsync("OTHER20", percent: 20, name: "Other");
        await _till.RedeemAsync(_store, "WELCOME10", 4_999, "R-0001").ReadAsync();

        var problem = await (await _till.RedeemAsync(_store, code, amount, "R-0001")).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        problem["code"]!.GetValue<string>().ShouldBe("external_reference_reused");
        (await LiveUsesAsync(promotion.Id)).ShouldBe(1);
        (await LiveUsesAsync(other.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Void_GivesTheUseBack_VoidingTwiceAnswersTheSame_AndTheCodeServesAnotherSale()
    {
        var (promotion, _) = await App.TillPromotionAsync("ONCE-ONLY-BBBB", singleUse: true);
        var id = JsonNode.Parse((await _till.RedeemAsync(_store, "ONCE-ONLY-BBBB", 3_000, "R-1").ReadAsync()).Body)!["redemptionId"]!.GetValue<Guid>();
        var url = $"{CounterFixtures.RedemptionsUrl(_store)}/{id}";

        App.Clock.Set(Tuesday.AddMinutes(3));
        var (status, voided) = await _till.DeleteAsync(url).ReadAsync();
        App.Clock.Set(Tuesday.AddMinutes(4));
        var (twice, again) = await _till.DeleteAsync(url).ReadAsync();

        status.ShouldBe(HttpStatusCode.OK, voided);
        JsonNode.Parse(voided)!["voidedAt"]!.GetValue<string>().ShouldBe("2030-06-04T11:18:00+02:00");
        JsonNode.Parse(voided)!["voidReason"]!.GetValue<string>().ShouldBe("voided");
        twice.ShouldBe(HttpStatusCode.OK);
        again.ShouldBe(voided);
        (await LiveUsesAsync(promotion.Id)).ShouldBe(0);
        (await _till.RedeemAsync(_store, "ONCE-ONLY-BBBB", 3_000, "R-2").ReadAsync()).Status.ShouldBe(HttpStatusCode.OK);
        (await LiveUsesAsync(promotion.Id)).ShouldBe(1);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Void_OfAnUnknownRedemption_IsNotFound_AndOfAnOnlineOne_IsAConflict()
    {
        var product = await App.ProductAsync("MUG");
        await App.StockAsync(_store, product, 5);
        var (orderId, _) = await App.PaidOrderAsync(_store, (product, 1));
        var (promotion, code) = await App.TillPromotionAsync("ONLINE5");
        var online = Guid.CreateVersion7();
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO promo_redemptions (id, promotion_id, code_id, channel, store_id, order_id, customer_keys, subtotal_minor, discount_minor, currency, created_at, actor)
            VALUES ({online}, {promotion.Id}, {code.Id}, 'Online', {_store.Id}, {Guid.Parse(orderId)}, ARRAY[]::text[], 1000, 100, 'EUR', {Tuesday}, 'shopper')
            """));

        (await (await _till.DeleteAsync($"{CounterFixtures.RedemptionsUrl(_store)}/{Guid.CreateVersion7()}")).ProblemAsync(HttpStatusCode.NotFound))
            ["code"]!.GetValue<string>().ShouldBe("not_found");
        (await (await _till.DeleteAsync($"{CounterFixtures.RedemptionsUrl(_store)}/{online}")).ProblemAsync(HttpStatusCode.Conflict))
            ["code"]!.GetValue<string>().ShouldBe("redemption_is_online");
    }

    [Fact]
    public async Task OnlyStaffOfTheStore_Redeem_OthersAreUnauthorisedForbiddenOrNotFound()
    {
        await App.TillPromotionAsync("WELCOME10");
        var other = await App.StoreAsync("TILL2");
        await App.UserAsync("till.away@o2o.test", Roles.Staff, other);
        await App.UserAsync("shopper@o2o.test", Roles.Shopper);
        var id = JsonNode.Parse((await _till.RedeemAsync(_store, "WELCOME10", 1_000, "R-1").ReadAsync()).Body)!["redemptionId"]!.GetValue<Guid>();
        var away = await App.ClientForAsync("till.away@o2o.test");

        (await App.CreateClient().RedeemAsync(_store, "WELCOME10", 1_000, "R-2")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await (await App.ClientForAsync("shopper@o2o.test")).RedeemAsync(_store, "WELCOME10", 1_000, "R-2")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await (await away.RedeemAsync(_store, "WELCOME10", 1_000, "R-2")).ProblemAsync(HttpStatusCode.NotFound);
        await (await away.GetAsync($"{CounterFixtures.RedemptionsUrl(_store)}/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await away.DeleteAsync($"{CounterFixtures.RedemptionsUrl(_store)}/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        // The redemption is the store's: another store's URL doesn't reach it, even for its own staff.
        await (await away.DeleteAsync($"{CounterFixtures.RedemptionsUrl(other)}/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        (await App.WithDbAsync(db => db.PromoRedemptions.CountAsync(r => r.ReleasedAt == null))).ShouldBe(1);
    }

    [Fact]
    public async Task BadInput_IsA400_NamingTheFields_AndAnotherCurrencyThanTheStoresIsRefused()
    {
        await App.TillPromotionAsync("WELCOME10");

        var problem = await (await _till.PostJsonAsync(CounterFixtures.RedemptionsUrl(_store),
            new { code = "", subtotal = new { amount = 0, currency = "eur" }, externalReference = " R\u00e91" })).ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).Order().ShouldBe(["code", "externalReference", "subtotal.amount", "subtotal.currency"]);

        var tooLong = await (await _till.RedeemAsync(_store, "WELCOME10", 1_000, new string('R', 101))).ProblemAsync(HttpStatusCode.BadRequest);
        tooLong["errors"]!["externalReference"].ShouldNotBeNull();
        var huge = await (await _till.RedeemAsync(_store, "WELCOME10", 100_000_001, "R-1")).ProblemAsync(HttpStatusCode.BadRequest);
        huge["errors"]!["subtotal.amount"].ShouldNotBeNull();
        var currency = await (await _till.RedeemAsync(_store, "WELCOME10", 1_000, "R-1", currency: "GBP")).ProblemAsync(HttpStatusCode.BadRequest);
        currency["errors"]!["subtotal.currency"]![0]!.GetValue<string>().ShouldBe("This store sells in EUR.");
    }

    [Fact]
    public async Task Refusals_AreTheShoppersReasons_InTheClerksLanguage()
    {
        var (promotion, _) = await App.TillPromotionAsync("FRENCH10");
        await App.WithDbAsync(async db =>
        {
            var p = await db.Promotions.SingleAsync(x => x.Id == promotion.Id);
            p.ChangeDiscount(PromotionKind.PercentOff, 1000, null, "EUR");
            p.ChangeConditions(10_000, [], [], [], null, null, false);
            await db.SaveChangesAsync();
        });

        _till.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        var unknown = await (await _till.RedeemAsync(_store, "NOPE1234", 1_000, "R-1")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        unknown["code"]!.GetValue<string>().ShouldBe("promo_not_applicable");
        unknown["reason"]!.GetValue<string>().ShouldBe("unknown");
        unknown["title"]!.GetValue<string>().ShouldBe("Ce code n'existe pas. Vérifiez l'orthographe et réessayez.");

        _till.DefaultRequestHeaders.AcceptLanguage.Clear();
        _till.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");
        var minimum = await (await _till.RedeemAsync(_store, "FRENCH10", 1_000, "R-2")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        minimum["reason"]!.GetValue<string>().ShouldBe("minimum_not_reached");
        minimum["title"]!.GetValue<string>().ShouldStartWith("يتطلب هذا الرمز سلة لا تقل قيمتها عن");
        minimum["title"]!.GetValue<string>().ShouldContain("100");
        var reference = await (await _till.RedeemAsync(_store, "FRENCH10", 1_000, "  ")).ProblemAsync(HttpStatusCode.BadRequest);
        reference["errors"]!["externalReference"]![0]!.GetValue<string>().ShouldBe("أدخل رقم إيصال الصندوق.");
    }
}

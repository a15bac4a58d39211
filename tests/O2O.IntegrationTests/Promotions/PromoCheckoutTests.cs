using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Diagnostics;
using O2O.Application.Jobs;
using O2O.Application.Loyalty;
using O2O.Application.Payments;
using O2O.Domain.Catalog;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>
/// A code online (issue 13, items 2 and 3; ADR 52): applied by the server before the points, shown on the order, booked
/// in the order's transaction, refused with a reason, and given back when the order lets go.
/// </summary>
public sealed class PromoCheckoutTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _lamp = null!;
    private Product _book = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(PromoOnline.Morning);
        _store = await App.StoreAsync("PRC01", ordersPerSlot: 1000);
        _lamp = await App.ProductAsync("LAMP-P", 1999);
        _book = await App.ProductAsync("BOOK-P", 1001);
        await App.WithDbAsync(async db =>
        {
            (await db.Products.FirstAsync(p => p.Id == _book.Id)).Recategorize("Books");
            await db.SaveChangesAsync();
        });
        await App.StockAsync(_store, _lamp, 100);
        await App.StockAsync(_store, _book, 100);
    }

    private Task<object> BodyAsync(string? code, string email = "ada@example.test", int lamps = 1, int books = 1) =>
        App.BodyAsync(_store, email, code, (_lamp, lamps), (_book, books));

    private async Task<JsonNode> ProblemAsync(object body, HttpStatusCode status, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent(body) };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return await (await App.CreateClient().SendAsync(request)).ProblemAsync(status);
    }

    private static StringContent JsonContent(object body) => new(System.Text.Json.JsonSerializer.Serialize(body, System.Text.Json.JsonSerializerOptions.Web),
        System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_code_takes_its_discount_off_the_goods_it_covers_split_exactly_over_the_lines_and_the_order_shows_it()
    {
        // A third off books only: 10.01 × 3 = 30.03, a third is 10.01; the lamp (19.99) is not covered.
        await App.PromotionAsync("BOOKS33", p => p.ChangeConditions(null, [], ["Books"], [], null, null, false), percentBasisPoints: 3333);
        var client = App.CreateClient();

        var placed = await client.PlaceOrderAsync(await BodyAsync(" books-33 ", books: 3));

        placed["total"]!["amount"]!.GetValue<long>().ShouldBe(1999 + 3003 - 1001);
        var order = await client.GetOrderAsync(placed["id"]!.GetValue<string>(), placed["accessToken"]!.GetValue<string>());
        order["promotion"]!["code"]!.GetValue<string>().ShouldBe("BOOKS33");
        order["promotion"]!["discount"]!["amount"]!.GetValue<long>().ShouldBe(1001);
        order["promotion"]!["discount"]!["currency"]!.GetValue<string>().ShouldBe("EUR");
        var lines = order["lines"]!.AsArray();
        lines.Single(l => (string)l!["sku"]! == "BOOK-P")!["discount"]!["amount"]!.GetValue<long>().ShouldBe(1001);
        lines.Single(l => (string)l!["sku"]! == "LAMP-P")!["discount"]!["amount"]!.GetValue<long>().ShouldBe(0);
        order["vat"]!.AsArray().Sum(v => v!["gross"]!["amount"]!.GetValue<long>()).ShouldBe(order["total"]!["amount"]!.GetValue<long>());
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Points_pay_part_of_what_the_code_left_and_at_most_their_share_of_it()
    {
        await App.PromotionAsync("HALFOFF", percentBasisPoints: 5000);
        var userId = await App.UserAsync("member@example.test", Roles.Shopper);
        (await App.SendAsync(new AdjustLoyaltyPoints(userId, 5000, "Welcome", Guid.NewGuid(), new O2O.Application.Abstractions.Actor(null, "admin@o2o.test", true, false))))
            .IsSuccess.ShouldBeTrue();
        var member = await App.ClientForAsync("member@example.test");
        var goods = 1999 + 1001; // 30.00; the code takes 15.00; points pay at most half of the 15.00 left

        var over = await (await member.PostJsonAsync("/api/v1/orders", WithPoints(await BodyAsync("HALFOFF", "member@example.test"), 800)))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        ((string)over["code"]!).ShouldBe("loyalty_over_limit");
        over["maxPoints"]!.GetValue<long>().ShouldBe(750);

        var placed = await member.PlaceOrderAsync(WithPoints(await BodyAsync("HALFOFF", "member@example.test"), 700));
        placed["total"]!["amount"]!.GetValue<long>().ShouldBe(goods - 1500 - 700);
        var order = await member.GetOrderAsync(placed["id"]!.GetValue<string>(), placed["accessToken"]!.GetValue<string>());
        order["promotion"]!["discount"]!["amount"]!.GetValue<long>().ShouldBe(1500);
        order["loyalty"]!["discount"]!["amount"]!.GetValue<long>().ShouldBe(700);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    private static JsonObject WithPoints(object body, long points)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToNode(body, System.Text.Json.JsonSerializerOptions.Web)!.AsObject();
        json["loyaltyPoints"] = points;
        return json;
    }

    [Fact]
    public async Task Each_refusal_is_a_422_with_its_reason_and_nothing_is_held()
    {
        var elsewhere = await App.StoreAsync("PRC02");
        await App.PromotionAsync("OTHERSTORE", p => p.ChangeConditions(null, [], [], [elsewhere.Id], null, null, false));
        await App.PromotionAsync("BIGBASKET", p => p.ChangeConditions(100_00, [], [], [], null, null, false),
            PromotionKind.AmountOff, amountOffMinor: 10_00, currency: "EUR");
        await App.PromotionAsync("LATER", p => p.ChangeConditions(null, [], [], [], new DateTime(2026, 7, 1), null, false));
        await App.PromotionAsync("OVER", p => p.ChangeConditions(null, [], [], [], null, new DateTime(2026, 6, 1), false));
        await App.PromotionAsync("RESTING", p => p.Pause());
        await App.PromotionAsync("TOYSONLY", p => p.ChangeConditions(null, [], ["Toys"], [], null, null, false));
        await App.PromotionAsync("KRONOR", kind: PromotionKind.AmountOff, amountOffMinor: 500, currency: "SEK");
        await App.PromotionAsync("WELCOME", p => p.ChangeConditions(null, [], [], [], null, null, true));
        await App.PromotionAsync("ONEEACH", p => p.ChangeLimits(null, 1));
        await App.CreateClient().PlaceOrderAsync(await BodyAsync("ONEEACH", "regular@example.test"));
        var cases = new (string Code, string Reason, string Message)[]
        {
            ("NOSUCHCODE", "unknown", "This code doesn't exist. Check the spelling and try again."),
            ("OTHERSTORE", "not_for_this_store", "This code isn't valid in this store."),
            ("BIGBASKET", "minimum_not_reached", "This code needs a basket of at least €100.00."),
            ("LATER", "not_started", "This promotion hasn't started yet."),
            ("OVER", "ended", "This promotion has ended."),
            ("RESTING", "paused", "This promotion is paused for now."),
            ("TOYSONLY", "not_for_these_products", "This code doesn't apply to the products in your basket."),
            ("KRONOR", "wrong_currency", "This code is for purchases in another currency."),
            ("WELCOME", "first_order_only", "This code is for a first order only."),
            ("ONEEACH", "already_used", "You have already used this code."),
        };

        foreach (var (code, reason, message) in cases)
        {
            var problem = await ProblemAsync(await BodyAsync(code, "regular@example.test"), HttpStatusCode.UnprocessableEntity);
            ((string)problem["code"]!).ShouldBe("promo_not_applicable", code);
            ((string)problem["reason"]!).ShouldBe(reason, code);
            ((string)problem["title"]!).ShouldBe(message, code);
        }

        var french = await ProblemAsync(await BodyAsync("BIGBASKET"), HttpStatusCode.UnprocessableEntity, "fr");
        ((string)french["reason"]!).ShouldBe("minimum_not_reached");
        ((string)french["title"]!).ShouldBe("Ce code nécessite un panier d'au moins 100,00 €.");
        var arabic = await ProblemAsync(await BodyAsync("NOSUCHCODE"), HttpStatusCode.UnprocessableEntity, "ar");
        ((string)arabic["reason"]!).ShouldBe("unknown");
        ((string)arabic["title"]!).ShouldBe("هذا الرمز غير موجود. تحقّق من كتابته وحاول مرة أخرى.");
        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(1);
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((100, 1));
    }

    [Fact]
    public async Task An_expired_hold_gives_the_use_back_and_the_same_code_can_be_used_again()
    {
        var (promotion, _) = await App.PromotionAsync("LASTONE", p => p.ChangeLimits(1, null));
        await App.CreateClient().PlaceOrderAsync(await BodyAsync("LASTONE", "first@example.test"));
        var taken = await ProblemAsync(await BodyAsync("LASTONE", "second@example.test"), HttpStatusCode.Conflict);
        ((string)taken["code"]!).ShouldBe("promo_exhausted");

        App.Clock.Advance(TimeSpan.FromHours(1));
        (await App.SendAsync(new ExpireHolds())).ShouldBe(1);

        (await App.UsesAsync(promotion)).ShouldBe(0);
        (await App.RedemptionsAsync(promotion)).ShouldBe(["expired"]);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
        await App.CreateClient().PlaceOrderAsync(await BodyAsync("LASTONE", "second@example.test"));
        (await App.UsesAsync(promotion)).ShouldBe(1);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancelling_a_paid_order_gives_the_use_back_once_and_refunds_what_was_paid()
    {
        var (promotion, _) = await App.PromotionAsync("LASTONE", p => p.ChangeLimits(1, null), PromotionKind.AmountOff, amountOffMinor: 500, currency: "EUR");
        var client = App.CreateClient();
        var placed = await client.PlaceOrderAsync(await BodyAsync("LASTONE"));
        await client.PayAsync(placed);
        var id = placed["id"]!.GetValue<string>();
        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/cancel") { Content = JsonContent(new { reason = "Changed my mind" }) };
        cancel.Headers.Add("X-Order-Token", placed["accessToken"]!.GetValue<string>());
        (await client.SendAsync(cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await App.UsesAsync(promotion)).ShouldBe(0);
        (await App.RedemptionsAsync(promotion)).ShouldBe(["cancelled"]);
        var refund = await App.WithDbAsync(db => db.Orders.Where(o => o.Id == Guid.Parse(id)).SelectMany(o => o.PaymentCommands).Select(c => c.Amount).SingleAsync());
        refund.ShouldBe(1999 + 1001 - 500);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
        await App.CreateClient().PlaceOrderAsync(await BodyAsync("LASTONE", "next@example.test"));
        (await App.UsesAsync(promotion)).ShouldBe(1);
    }

    [Fact]
    public async Task A_late_payment_takes_the_code_again_and_refunds_when_its_last_use_went_to_someone_else()
    {
        var (promotion, _) = await App.PromotionAsync("LASTONE", p => p.ChangeLimits(1, null));
        var early = await App.CreateClient().PlaceOrderAsync(await BodyAsync("LASTONE", "late@example.test"));
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        (await App.SendAsync(new ExpireHolds())).ShouldBe(1);

        // Paid after the hold ran out, while the use is still free: held again, with a second redemption row.
        (await LatePaymentAsync(early)).ShouldBe(PaymentEventOutcome.ReinstatedAfterExpiry);
        (await App.UsesAsync(promotion)).ShouldBe(1);
        (await App.RedemptionsAsync(promotion)).ShouldBe(["expired", null]);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();

        // Another order's hold expires, someone else takes the last use, and then its payment arrives: refunded.
        await ReleaseAsync(early);
        var second = await App.CreateClient().PlaceOrderAsync(await BodyAsync("LASTONE", "slow@example.test"));
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        (await App.SendAsync(new ExpireHolds())).ShouldBe(1);
        await App.CreateClient().PlaceOrderAsync(await BodyAsync("LASTONE", "quick@example.test"));

        (await LatePaymentAsync(second)).ShouldBe(PaymentEventOutcome.RefundedAfterExpiry);
        (await App.UsesAsync(promotion)).ShouldBe(1);
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((100, 1)); // the quick shopper's only
        var secondId = Guid.Parse(second["id"]!.GetValue<string>());
        (await App.WithDbAsync(db => db.Orders.Where(o => o.Id == secondId).SelectMany(o => o.PaymentCommands).Select(c => c.Amount).SingleAsync()))
            .ShouldBe(second["total"]!["amount"]!.GetValue<long>());
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    private async Task<PaymentEventOutcome> LatePaymentAsync(JsonNode placed) =>
        await App.SendAsync(new ApplyPaymentEvent("evt_" + Guid.NewGuid().ToString("N"), "simulated", PaymentEventKind.Secured,
            Guid.Parse(placed["id"]!.GetValue<string>()), placed["total"]!["amount"]!.GetValue<long>(), "EUR", "sim_" + Guid.NewGuid().ToString("N")));

    private async Task ReleaseAsync(JsonNode placed)
    {
        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{placed["id"]!.GetValue<string>()}/cancel") { Content = JsonContent(new { reason = "Not needed" }) };
        cancel.Headers.Add("X-Order-Token", placed["accessToken"]!.GetValue<string>());
        (await App.CreateClient().SendAsync(cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Diagnostics;
using O2O.Application.Jobs;
using O2O.Application.Loyalty;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Loyalty;

/// <summary>
/// Loyalty points (issue 13, items 7 to 9): spent in the checkout's transaction and never past the balance, given
/// back when an order lets go, earned once at the hand-over on what was paid, taken back in proportion.
/// Default programme: 1 point per euro paid, 100 points pay 1.00, at most half an order.
/// </summary>
public sealed class LoyaltyTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly Actor Admin = new(null, "admin@o2o.test", true, false);

    private Store _store = null!;
    private Product _lamp = null!;
    private string _userId = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("LOY01", ordersPerSlot: 1000);
        _lamp = await App.ProductAsync("LAMP-L", 1000);
        await App.StockAsync(_store, _lamp, 1000);
        _userId = await App.UserAsync("member@o2o.test", Roles.Shopper);
        await App.UserAsync("staff.loy@o2o.test", Roles.Staff, _store);
        await GiveAsync(1000);
    }

    private async Task GiveAsync(long points) =>
        (await App.SendAsync(new AdjustLoyaltyPoints(_userId, points, "Welcome", Guid.NewGuid(), Admin))).IsSuccess.ShouldBeTrue();

    private Task<long> BalanceAsync() => App.WithDbAsync(db => db.Database
        .SqlQuery<long>($"SELECT balance AS \"Value\" FROM loyalty_accounts WHERE user_id = {_userId}").SingleAsync());

    private Task<List<string>> KindsAsync() => App.WithDbAsync(db => db.Database
        .SqlQuery<string>($"SELECT kind || ':' || points AS \"Value\" FROM loyalty_entries WHERE user_id = {_userId} ORDER BY created_at, id").ToListAsync());

    private async Task<object> BodyAsync(int quantity, long? points) => new
    {
        storeId = _store.Id,
        pickupSlotStart = await App.CreateClient().FirstSlotAsync(_store),
        customer = new { email = "member@o2o.test", name = "Ada Member" },
        lines = new[] { new { productId = _lamp.Id, quantity } },
        loyaltyPoints = points,
    };

    private async Task<(string Id, string Token, JsonNode Order)> PlaceAsync(int quantity, long? points, bool pay = true)
    {
        var client = await App.ClientForAsync("member@o2o.test");
        var placed = await client.PlaceOrderAsync(await BodyAsync(quantity, points));
        var id = placed["id"]!.GetValue<string>();
        if (pay)
        {
            var paid = await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" });
            paid.StatusCode.ShouldBe(HttpStatusCode.OK, await paid.Content.ReadAsStringAsync());
        }
        return (id, placed["accessToken"]!.GetValue<string>(), placed);
    }

    private async Task<HttpResponseMessage> CollectAsync(string id, string token)
    {
        var staff = await App.ClientForAsync("staff.loy@o2o.test");
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();
        return await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code });
    }

    [Fact]
    public async Task Twenty_concurrent_orders_each_spending_most_of_a_thousand_points_never_overdraw_and_spent_equals_held()
    {
        var token = await App.CreateClient().BearerTokenAsync("member@o2o.test");
        var body = await BodyAsync(2, 900); // 20.00 of goods, 9.00 off: under the half-order cap
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 20).Select(async _ =>
        {
            using var client = App.CreateClient().As(token);
            await start.WaitAsync();
            var response = await client.PostJsonAsync("/api/v1/orders", body);
            return (response.StatusCode, Json: await response.Content.ReadAsStringAsync());
        }).ToList();
        start.Release(20);
        var results = await Task.WhenAll(tasks);

        results.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1, string.Join("\n", results.Select(r => r.Json)));
        results.Where(r => r.StatusCode != HttpStatusCode.Created).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict && r.Json.Contains("loyalty_insufficient"));
        (await BalanceAsync()).ShouldBe(100);
        var held = await App.WithDbAsync(db => db.Orders.SumAsync(o => o.LoyaltyPoints));
        held.ShouldBe(900);
        // The losers' stock holds and slot places were rolled back with their points.
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((1000, 2));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Paying_with_points_lowers_what_the_provider_charges_and_the_order_shows_them()
    {
        var (id, token, placed) = await PlaceAsync(3, 500, pay: false);

        placed["total"]!["amount"]!.GetValue<long>().ShouldBe(2500); // 30.00 less 5.00
        var order = await App.CreateClient().GetOrderAsync(id, token);
        order["loyalty"]!["points"]!.GetValue<long>().ShouldBe(500);
        order["loyalty"]!["discount"]!["amount"]!.GetValue<long>().ShouldBe(500);
        (await BalanceAsync()).ShouldBe(500);
        (await KindsAsync()).ShouldBe(["Adjusted:1000", "Spent:-500"]);
        await App.CreateClient().PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" });
        var confirmation = await App.WithDbAsync(db => db.Emails.Where(e => e.OrderId == Guid.Parse(id)).Select(e => e.Body).FirstAsync());
        confirmation.ShouldContain("Loyalty points used: 500, €5.00 off");
        confirmation.ShouldContain("Total: €25.00");
    }

    [Fact]
    public async Task A_guest_cannot_spend_points_and_too_many_points_are_refused_with_nothing_held()
    {
        var guest = App.CreateClient();
        var problem = await (await guest.PostJsonAsync("/api/v1/orders", await BodyAsync(1, 100))).ProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["loyaltyPoints"].ShouldNotBeNull();

        await GiveAsync(5000); // 6,000 points; 7,000 on 200.00 of goods is under the cap (100.00) but over the balance
        var member = await App.ClientForAsync("member@o2o.test");
        var overCap = await (await member.PostJsonAsync("/api/v1/orders", await BodyAsync(1, 600))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        ((string)overCap["code"]!).ShouldBe("loyalty_over_limit");
        overCap["maxPoints"]!.GetValue<long>().ShouldBe(500);
        var short_ = await (await member.PostJsonAsync("/api/v1/orders", await BodyAsync(20, 7000))).ProblemAsync(HttpStatusCode.Conflict);
        ((string)short_["code"]!).ShouldBe("loyalty_insufficient");

        (await BalanceAsync()).ShouldBe(6000);
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((1000, 0));
        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Cancelling_gives_the_points_back_once()
    {
        var (id, token, _) = await PlaceAsync(2, 800);
        (await BalanceAsync()).ShouldBe(200);

        var cancel = await App.CreateClient().As(await App.CreateClient().BearerTokenAsync("member@o2o.test"))
            .PostJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = "Changed my mind" });
        cancel.StatusCode.ShouldBe(HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());

        (await BalanceAsync()).ShouldBe(1000);
        (await KindsAsync()).ShouldBe(["Adjusted:1000", "Spent:-800", "GivenBack:800"]);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
        token.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task An_unpaid_order_that_expires_gives_its_points_back()
    {
        await PlaceAsync(2, 800, pay: false);
        App.Clock.Advance(TimeSpan.FromHours(1));

        (await App.SendAsync(new ExpireHolds())).ShouldBe(1);

        (await BalanceAsync()).ShouldBe(1000);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_collected_order_earns_once_on_what_was_paid_even_when_collection_is_retried()
    {
        var (id, token, _) = await PlaceAsync(3, 1000); // 30.00 less 10.00: 20.00 paid, 20 points
        (await CollectAsync(id, token)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var staff = await App.ClientForAsync("staff.loy@o2o.test");
        var again = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = "ANY123" });
        again.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        // The same hand-over applied again inside the application: the entry's key makes it nothing.
        await App.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var order = await db.Orders.FirstAsync(o => o.Id == Guid.Parse(id));
            await OrderLoyalty.EarnAsync(db, order, App.Clock.GetUtcNow(), default);
            await tx.CommitAsync();
        });

        (await BalanceAsync()).ShouldBe(20);
        (await KindsAsync()).ShouldBe(["Adjusted:1000", "Spent:-1000", "Earned:20"]);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_short_pick_gives_back_its_share_of_the_points_and_refunds_only_the_rest()
    {
        var (id, _, _) = await PlaceAsync(4, 1000); // 40.00 less 10.00
        var staff = await App.ClientForAsync("staff.loy@o2o.test");
        var order = await App.WithDbAsync(db => db.Orders.Include(o => o.Lines).FirstAsync(o => o.Id == Guid.Parse(id)));

        var shorted = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/lines/{order.Lines[0].Id}/short", new { quantity = 1, reason = "Broken" });
        shorted.StatusCode.ShouldBe(HttpStatusCode.OK, await shorted.Content.ReadAsStringAsync());

        // A quarter of the goods went: a quarter of the points (250) come back, and 10.00 − 2.50 = 7.50 is refunded.
        (await BalanceAsync()).ShouldBe(250);
        var after = await App.WithDbAsync(db => db.Orders.Include(o => o.PaymentCommands).FirstAsync(o => o.Id == Guid.Parse(id)));
        after.LoyaltyPoints.ShouldBe(750);
        after.LoyaltyDiscountAmount.ShouldBe(750);
        after.TotalAmount.ShouldBe(2250);
        after.PaymentCommands.Where(c => c.ReturnsMoney).Sum(c => c.Money.Amount).ShouldBe(750);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_return_takes_back_its_share_of_the_earned_points_once_per_return()
    {
        var (id, token, _) = await PlaceAsync(5, null); // 50.00 paid, 50 points
        (await CollectAsync(id, token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await BalanceAsync()).ShouldBe(1050);

        (await App.SendAsync(new ReverseLoyaltyForReturn(Guid.Parse(id), "return-1", 2000))).Value.ShouldBe(20);
        (await App.SendAsync(new ReverseLoyaltyForReturn(Guid.Parse(id), "return-1", 2000))).Value.ShouldBe(0);

        (await BalanceAsync()).ShouldBe(1030);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_return_never_takes_the_balance_below_zero()
    {
        var (id, token, _) = await PlaceAsync(5, null);
        (await CollectAsync(id, token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.SendAsync(new AdjustLoyaltyPoints(_userId, -1040, "Spent elsewhere", Guid.NewGuid(), Admin))).IsSuccess.ShouldBeTrue();

        (await App.SendAsync(new ReverseLoyaltyForReturn(Guid.Parse(id), "return-all", 5000))).Value.ShouldBe(10);

        (await BalanceAsync()).ShouldBe(0);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Points_never_expire_by_default_and_with_an_expiry_only_what_is_left_of_an_earning_lapses_once()
    {
        var (id, token, _) = await PlaceAsync(5, null);
        (await CollectAsync(id, token)).StatusCode.ShouldBe(HttpStatusCode.OK); // 50 earned, after the 1,000 given
        (await App.SendAsync(new AdjustLoyaltyPoints(_userId, -1020, "Used at the till", Guid.NewGuid(), Admin))).IsSuccess.ShouldBeTrue();
        App.Clock.Advance(TimeSpan.FromDays(400));
        (await App.SendAsync(new ExpireLoyaltyPoints())).ShouldBe(0);

        await App.SendAsync(new UpdateLoyaltyProgram(true, 1, 100, 50, 12, Admin));
        (await App.SendAsync(new ExpireLoyaltyPoints())).ShouldBe(1);
        (await App.SendAsync(new ExpireLoyaltyPoints())).ShouldBe(0);

        // The 1,020 spent used the oldest points first: the 1,000 given, then 20 of the 50 earned; 30 lapse.
        (await BalanceAsync()).ShouldBe(0);
        (await KindsAsync()).ShouldContain("Expired:-30");
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_admin_sets_the_programme_and_bad_values_are_field_errors()
    {
        await App.UserAsync("admin.loy@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("admin.loy@o2o.test");

        var bad = await (await admin.PutAsJsonAsync("/api/v1/admin/loyalty",
            new { enabled = true, earnPointsPerUnit = -1, pointsPerUnitSpent = 0, maxSharePercent = 100, expiryMonths = 0 })).ProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "earnPointsPerUnit", "pointsPerUnitSpent", "maxSharePercent", "expiryMonths" })
            bad["errors"]![field].ShouldNotBeNull(field);

        var saved = await admin.PutAsJsonAsync("/api/v1/admin/loyalty",
            new { enabled = true, earnPointsPerUnit = 2, pointsPerUnitSpent = 50, maxSharePercent = 20, expiryMonths = 12 });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        (await admin.GetJsonAsync("/api/v1/admin/loyalty"))["maxSharePercent"]!.GetValue<int>().ShouldBe(20);

        // 50 points pay 1.00 now, and at most 20% of 10.00: 2.00, that is 100 points.
        var member = await App.ClientForAsync("member@o2o.test");
        var over = await (await member.PostJsonAsync("/api/v1/orders", await BodyAsync(1, 150))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        over["maxPoints"]!.GetValue<long>().ShouldBe(100);
        var placed = await member.PlaceOrderAsync(await BodyAsync(1, 100));
        placed["total"]!["amount"]!.GetValue<long>().ShouldBe(800);
    }

    [Fact]
    public async Task Me_loyalty_shows_the_balance_and_the_history_newest_first_on_the_stores_clock()
    {
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var (id, _, _) = await PlaceAsync(2, 300);
        var member = await App.ClientForAsync("member@o2o.test");

        var mine = await member.GetJsonAsync("/api/v1/me/loyalty");

        mine["balance"]!.GetValue<long>().ShouldBe(700);
        mine["total"]!.GetValue<int>().ShouldBe(2);
        var entries = mine["entries"]!.AsArray();
        entries[0]!["kind"]!.GetValue<string>().ShouldBe("Spent");
        entries[0]!["points"]!.GetValue<long>().ShouldBe(-300);
        entries[0]!["orderId"]!.GetValue<string>().ShouldBe(id);
        entries[0]!["orderNumber"].ShouldNotBeNull();
        ((string)entries[0]!["at"]!).ShouldEndWith("+02:00"); // Paris in June
        entries[1]!["kind"]!.GetValue<string>().ShouldBe("Adjusted");
        entries[1]!["reason"]!.GetValue<string>().ShouldBe("Welcome");
        (await App.CreateClient().GetAsync("/api/v1/me/loyalty")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_invariant_check_finds_a_balance_that_is_not_its_ledger()
    {
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE loyalty_accounts SET balance = balance + 5 WHERE user_id = {_userId}"));

        var report = await App.SendAsync(new CheckInvariants());

        report.Violations.ShouldContain(v => v.Kind == "loyalty.balance" && v.Key == _userId && v.Recorded == 1005 && v.Expected == 1000);
    }

    [Fact]
    public async Task The_database_refuses_a_negative_balance_whatever_the_code_does()
    {
        var refused = await Should.ThrowAsync<Exception>(() => App.WithDbAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE loyalty_accounts SET balance = -1 WHERE user_id = {_userId}")));
        refused.ToString().ShouldContain("ck_loyalty_accounts_balance_non_negative");
    }
}

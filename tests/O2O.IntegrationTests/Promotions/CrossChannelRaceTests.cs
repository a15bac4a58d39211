using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Diagnostics;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>
/// Issue 13's proof across channels: one single-use code typed at once by shoppers checking out online and by tills
/// redeeming it at the counter. Both go through the same guarded statement on the same code row (ADR 51): one wins.
/// </summary>
public sealed class CrossChannelRaceTests(O2OApp app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_single_use_code_raced_by_fifty_checkouts_and_fifty_tills_is_used_exactly_once()
    {
        App.Clock.Set(PromoOnline.Morning);
        var store = await App.StoreAsync("XCH01", ordersPerSlot: 1000);
        var lamp = await App.ProductAsync("LAMP-X", 2000);
        await App.StockAsync(store, lamp, 1000);
        await App.TillPromotionAsync("ONCE-XCHN-2345", singleUse: true);
        var tills = new HttpClient[4];
        for (var i = 0; i < tills.Length; i++)
        {
            await App.UserAsync($"xtill{i}@o2o.test", Roles.Staff, store);
            tills[i] = await App.ClientForAsync($"xtill{i}@o2o.test");
        }
        var bodies = new List<object>();
        for (var i = 0; i < 50; i++) bodies.Add(await App.BodyAsync(store, $"x{i}@example.test", "once-xchn-2345", (lamp, 1)));

        var start = new TaskCompletionSource();
        var online = bodies.Select(async body =>
        {
            await start.Task;
            return await App.CreateClient().PostJsonAsync("/api/v1/orders", body).ReadAsync();
        });
        var counter = Enumerable.Range(0, 50).Select(async i =>
        {
            await start.Task;
            return await tills[i % tills.Length].RedeemAsync(store, "ONCE-XCHN-2345", 2_000, $"TILL-{i}").ReadAsync();
        });
        var racing = online.Concat(counter).ToList();
        start.SetResult();
        var answers = await Task.WhenAll(racing);

        var won = answers.Where(a => a.Status is HttpStatusCode.Created or HttpStatusCode.OK).ToList();
        won.Count.ShouldBe(1, string.Join("\n", answers.Where(a => a.Status != HttpStatusCode.Conflict).Select(a => a.Body).Take(5)));
        answers.Except(won).ShouldAllBe(a => a.Status == HttpStatusCode.Conflict && CounterFixtures.Code(a.Body) == "promo_exhausted");
        (await App.WithDbAsync(db => db.PromoRedemptions.CountAsync())).ShouldBe(1);
        (await App.WithDbAsync(db => db.PromoCodes.Select(c => c.Uses).SingleAsync())).ShouldBe(1);
        // The checkouts that lost left no order, hold or place behind.
        var orders = await App.WithDbAsync(db => db.Orders.CountAsync());
        orders.ShouldBe(won[0].Status == HttpStatusCode.Created ? 1 : 0);
        (await App.StockOfAsync(store, lamp)).ShouldBe((1000, orders));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Diagnostics;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Checkout;

/// <summary>Real races: many parallel HTTP requests against one stock row or one slot, and the exact outcome asserted.</summary>
public sealed class RaceTests(O2OApp app) : IntegrationTest(app)
{
    private async Task<List<HttpStatusCode>> RaceAsync(int shoppers, Func<int, object> body)
    {
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, shoppers).Select(async i =>
        {
            using var client = App.CreateClient();
            var payload = body(i);
            await start.WaitAsync();
            var response = await client.PostJsonAsync("/api/v1/orders", payload);
            return response.StatusCode;
        }).ToList();
        start.Release(shoppers);
        return [.. await Task.WhenAll(tasks)];
    }

    [Fact]
    public async Task TwoHundredShoppers_ForTwentyUnits_ExactlyTwentyWin()
    {
        var store = await App.StoreAsync(ordersPerSlot: 1000);
        var hot = await App.ProductAsync("HOT-SKU");
        await App.StockAsync(store, hot, 20);
        var slot = await App.CreateClient().FirstSlotAsync(store);

        var results = await RaceAsync(200, _ => TestData.OrderBody(store, slot, (hot, 1)));

        results.Count(s => s == HttpStatusCode.Created).ShouldBe(20);
        results.Count(s => s == HttpStatusCode.Conflict).ShouldBe(180);
        (await App.StockOfAsync(store, hot)).ShouldBe((20, 20));
        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Count()))).ShouldBe(20);
        var report = await App.SendAsync(new CheckInvariants());
        report.Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task TwoHundredShoppers_ForASlotOfFive_ExactlyFiveWin()
    {
        var store = await App.StoreAsync(ordersPerSlot: 5);
        var plenty = await App.ProductAsync("PLENTY");
        await App.StockAsync(store, plenty, 10_000);
        var slot = await App.CreateClient().FirstSlotAsync(store);

        var results = await RaceAsync(200, _ => TestData.OrderBody(store, slot, (plenty, 1)));

        results.Count(s => s == HttpStatusCode.Created).ShouldBe(5);
        results.Count(s => s == HttpStatusCode.Conflict).ShouldBe(195);
        (await App.StockOfAsync(store, plenty)).ShouldBe((10_000, 5)); // the losers' stock holds were rolled back
        var booked = await App.WithDbAsync(db => db.Database.SqlQuery<int>(
            $"SELECT booked AS \"Value\" FROM pickup_slot_bookings WHERE store_id = {store.Id}").ToListAsync());
        booked.ShouldBe([5]);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task OrdersOfSeveralProducts_ListedInDifferentOrders_NeverDeadlock()
    {
        var store = await App.StoreAsync(ordersPerSlot: 1000);
        var products = new List<O2O.Domain.Catalog.Product>();
        for (var i = 0; i < 4; i++)
        {
            var p = await App.ProductAsync($"MULTI-{i}");
            await App.StockAsync(store, p, 30);
            products.Add(p);
        }
        var slot = await App.CreateClient().FirstSlotAsync(store);

        // Each shopper lists the same four products in a different order; every line is 1 unit.
        var results = await RaceAsync(120, i =>
        {
            var rotated = products.Skip(i % 4).Concat(products.Take(i % 4));
            var ordered = i % 2 == 0 ? rotated : rotated.Reverse();
            return TestData.OrderBody(store, slot, [.. ordered.Select(p => (p, 1))]);
        });

        results.ShouldAllBe(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        results.Count(s => s == HttpStatusCode.Created).ShouldBe(30);
        foreach (var p in products) (await App.StockOfAsync(store, p)).ShouldBe((30, 30));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }
}

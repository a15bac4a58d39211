using System.Net;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Diagnostics;
using O2O.Domain.Catalog;
using O2O.Domain.Common;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Admin;

/// <summary>POS syncs: one naming a pair twice, and a large one racing real checkouts on the same stock rows.</summary>
public sealed class StockSyncTests(O2OApp app) : IntegrationTest(app)
{
    private const int HotCount = 10, HotOnHand = 30, HotSynced = 15, ColdOnHand = 10, ColdSynced = 7;

    [Fact]
    public async Task AFiveThousandItemSync_RacingTwoHundredCheckouts_NeverDeadlocks_AndEveryCountIsWhatTheWinnersImply()
    {
        var store = await App.StoreAsync("SYNC1", ordersPerSlot: 1000);
        var products = await ProductsWithStockAsync(store, 5_000);
        var hot = products.Take(HotCount).ToArray();
        await App.UserAsync("pos@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("pos@o2o.test");
        var slot = await App.CreateClient().FirstSlotAsync(store);

        // The hot products first, in the opposite of checkout's lock order (uuids compare as their hex text), then the
        // rest in no particular order, as a POS sends them.
        var shuffle = new Random(20261201);
        var items = hot.OrderByDescending(p => p.Id.ToString()).Select(p => new { storeCode = store.Code, sku = p.Sku, onHand = HotSynced })
            .Concat(products.Skip(HotCount).OrderBy(_ => shuffle.Next()).Select(p => new { storeCode = store.Code, sku = p.Sku, onHand = ColdSynced }))
            .ToArray();
        // Each shopper takes one unit of three hot products, listed in a shopper-specific order.
        Product[] LinesOf(int shopper) => [hot[shopper % HotCount], hot[(shopper + 7) % HotCount], hot[(shopper + 3) % HotCount]];

        using var start = new SemaphoreSlim(0);
        var sync = Task.Run(async () =>
        {
            await start.WaitAsync();
            var response = await admin.PostJsonAsync("/api/v1/admin/stock-sync", new { batchId = "pos-race-1", items });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        });
        var checkouts = Enumerable.Range(0, 200).Select(async shopper =>
        {
            using var client = App.CreateClient();
            var body = TestData.OrderBody(store, slot, [.. LinesOf(shopper).Select(p => (p, 1))]);
            await start.WaitAsync();
            var response = await client.PostJsonAsync("/api/v1/orders", body);
            return (Shopper: shopper, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        start.Release(201);
        var synced = await sync;
        var orders = await Task.WhenAll(checkouts);

        synced.StatusCode.ShouldBe(HttpStatusCode.OK, synced.Body);
        orders.Where(o => o.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
            .Select(o => $"{(int)o.StatusCode} {o.Body}").ShouldBeEmpty();
        var result = System.Text.Json.Nodes.JsonNode.Parse(synced.Body)!;
        var applied = result["items"]!.AsArray()
            .ToDictionary(i => i!["sku"]!.GetValue<string>(), i => i!["status"]!.GetValue<string>() == "applied");
        foreach (var item in result["items"]!.AsArray().Where(i => i!["status"]!.GetValue<string>() != "applied"))
            item!["reason"]!.GetValue<string>().ShouldBe("below_reserved");
        var winners = orders.Where(o => o.StatusCode == HttpStatusCode.Created).Select(o => o.Shopper).ToList();
        winners.ShouldNotBeEmpty();

        var stock = await App.WithDbAsync(db => db.Stock.AsNoTracking().Where(s => s.StoreId == store.Id)
            .ToDictionaryAsync(s => s.ProductId, s => (s.OnHand, s.Reserved)));
        foreach (var (p, i) in products.Select((p, i) => (p, i)))
        {
            var hotProduct = i < HotCount;
            var expectedOnHand = applied[p.Sku] ? (hotProduct ? HotSynced : ColdSynced) : (hotProduct ? HotOnHand : ColdOnHand);
            var expectedReserved = winners.Count(w => LinesOf(w).Contains(p));
            stock[p.Id].ShouldBe((expectedOnHand, expectedReserved), p.Sku);
        }
        products.Skip(HotCount).ShouldAllBe(p => applied[p.Sku]); // nobody orders the cold ones, so nothing holds them back
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task ASyncNamingAPairTwice_EndsAsIfItsItemsWereAppliedOneByOne()
    {
        var store = await App.StoreAsync("SYNC2");
        var kettle = await App.ProductAsync("KETTLE");
        var mug = await App.ProductAsync("MUG");
        await App.StockAsync(store, kettle, 10);
        await App.PaidOrderAsync(store, (kettle, 4));
        await App.UserAsync("pos@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("pos@o2o.test");

        var response = await admin.PostJsonAsync("/api/v1/admin/stock-sync", new
        {
            batchId = "pos-twice",
            items = new object[]
            {
                new { storeCode = "SYNC2", sku = "KETTLE", onHand = 6 },
                new { storeCode = "SYNC2", sku = "MUG", onHand = 3 },
                new { storeCode = "SYNC2", sku = "KETTLE", onHand = 2 }, // below the 4 held: the 6 before it stands
                new { storeCode = "sync2", sku = "mug", onHand = 5 },
            },
        });

        var result = await response.JsonAsync();
        result["items"]!.AsArray().Select(i => i!["reason"]?.GetValue<string>()).ShouldBe([null, null, "below_reserved", null]);
        (await App.StockOfAsync(store, kettle)).ShouldBe((6, 4));
        (await App.StockOfAsync(store, mug)).ShouldBe((5, 0));
    }

    private Task<List<Product>> ProductsWithStockAsync(Store store, int count) =>
        App.WithDbAsync(async db =>
        {
            var products = Enumerable.Range(0, count)
                .Select(i => new Product(Guid.CreateVersion7(), $"SYNC-{i:D5}", $"Product {i}", "", "Test", new Money(100, "EUR"), null)).ToList();
            db.Products.AddRange(products);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO store_stock (store_id, product_id, on_hand, reserved)
                SELECT {store.Id}, id, CASE WHEN id = ANY ({products.Take(HotCount).Select(p => p.Id).ToArray()}) THEN {HotOnHand} ELSE {ColdOnHand} END, 0
                FROM products
                """);
            return products;
        });
}

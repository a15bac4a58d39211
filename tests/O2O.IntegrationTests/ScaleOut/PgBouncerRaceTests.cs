using System.Net;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Diagnostics;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.ScaleOut;

/// <summary>
/// The races of <see cref="Checkout.RaceTests"/> again, with every connection of the app going through PgBouncer in
/// transaction mode: 200 checkouts share 20 server connections, each transaction may land on another one, and the
/// outcome is still exact, because the guards live in each transaction's own statements, not in a session.
/// </summary>
public sealed class PgBouncerRaceTests(ScaleApp fixture) : ScaleTest(fixture)
{
    private async Task<List<HttpStatusCode>> RaceAsync(int shoppers, Func<int, object> body)
    {
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, shoppers).Select(async i =>
        {
            using var client = App.CreateClient();
            var payload = body(i);
            await start.WaitAsync();
            return (await client.PostJsonAsync("/api/v1/orders", payload)).StatusCode;
        }).ToList();
        start.Release(shoppers);
        return [.. await Task.WhenAll(tasks)];
    }

    [ScaleFact]
    public async Task TwoHundredShoppersThroughPgBouncer_ForTwentyUnits_ExactlyTwentyWin()
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
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
        (await ServedThroughPgBouncerAsync()).ShouldBeTrue();
    }

    [ScaleFact]
    public async Task TwoHundredShoppersThroughPgBouncer_ForASlotOfFive_ExactlyFiveWin()
    {
        var store = await App.StoreAsync(ordersPerSlot: 5);
        var plenty = await App.ProductAsync("PLENTY");
        await App.StockAsync(store, plenty, 10_000);
        var slot = await App.CreateClient().FirstSlotAsync(store);

        var results = await RaceAsync(200, _ => TestData.OrderBody(store, slot, (plenty, 1)));

        results.Count(s => s == HttpStatusCode.Created).ShouldBe(5);
        results.Count(s => s == HttpStatusCode.Conflict).ShouldBe(195);
        (await App.StockOfAsync(store, plenty)).ShouldBe((10_000, 5)); // the losers' holds were rolled back
        var booked = await App.WithDbAsync(db => db.Database.SqlQuery<int>(
            $"SELECT booked AS \"Value\" FROM pickup_slot_bookings WHERE store_id = {store.Id}").ToListAsync());
        booked.ShouldBe([5]);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [ScaleFact]
    public async Task TheAppsConnections_GoThroughPgBouncer_AndTheServerKeepsFewBackends()
    {
        var store = await App.StoreAsync(ordersPerSlot: 1000);
        var product = await App.ProductAsync("MANY");
        await App.StockAsync(store, product, 1000);
        var slot = await App.CreateClient().FirstSlotAsync(store);

        var results = await RaceAsync(100, _ => TestData.OrderBody(store, slot, (product, 1)));

        results.ShouldAllBe(s => s == HttpStatusCode.Created);
        // 100 concurrent checkouts left at most the pooler's 40 server connections (max_db_connections) on the primary,
        // beside a few direct ones (the live board's listener, the fixture's migration): without the pooler, the app's own
        // pool keeps one backend per concurrent checkout.
        (await BackendsOfTheTestDatabaseAsync()).ShouldBeLessThanOrEqualTo(45);
        (await ServedThroughPgBouncerAsync()).ShouldBeTrue();
    }

    /// <summary>PgBouncer's own count of the transactions it carried for the test database (its admin console, through psql).</summary>
    private async Task<bool> ServedThroughPgBouncerAsync() => await Cluster.PgBouncerTransactionsAsync(Scale.Database) > 0;

    private async Task<int> BackendsOfTheTestDatabaseAsync()
    {
        await using var primary = new Npgsql.NpgsqlConnection(Cluster.PrimaryFor("postgres"));
        await primary.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*)::int FROM pg_stat_activity WHERE datname = @db", primary);
        command.Parameters.AddWithValue("db", Scale.Database);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Stores;
using O2O.Infrastructure.Data;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.ScaleOut;

/// <summary>
/// The shopper reads come from the streaming replica; checkout decides on the primary. A replica that has fallen
/// behind (its replay paused) shows a unit already sold, and still no one can buy it.
/// </summary>
public sealed class ReadReplicaTests(ScaleApp fixture) : ScaleTest(fixture)
{
    private static async Task<int> AvailableAsync(HttpClient client, Guid productId, Guid storeId)
    {
        var stores = (await client.GetJsonAsync($"/api/v1/products/{productId}/availability")).AsArray();
        return stores.Single(s => s!["storeId"]!.GetValue<Guid>() == storeId)!["available"]!.GetValue<int>();
    }

    [ScaleFact]
    public async Task EachOfTheAppsPools_IsNamedForItsRole_InNpgsqlsMetrics()
    {
        var store = await App.StoreAsync("POOL1");
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 1);
        var client = App.CreateClient();
        await Cluster.WaitForReplicaAsync();
        // A shopper's read (the replica) and a checkout (the primary, through PgBouncer).
        await AvailableAsync(client, kettle.Id, store.Id);
        await client.PlaceOrderAsync(TestData.OrderBody(store, await client.FirstSlotAsync(store), (kettle, 1)));

        var pools = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument is { Meter.Name: "Npgsql", Name: "db.client.connection.count" }) l.EnableMeasurementEvents(instrument);
        };
        void Record<T>(System.Diagnostics.Metrics.Instrument _, T __, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? ___)
        {
            foreach (var tag in tags)
                if (tag is { Key: "db.client.connection.pool.name", Value: string name }) pools.Add(name);
        }
        listener.SetMeasurementEventCallback<int>(Record);
        listener.SetMeasurementEventCallback<long>(Record);
        listener.Start();
        listener.RecordObservableInstruments();

        pools.ShouldContain(DataSourceNames.Primary);
        pools.ShouldContain(DataSourceNames.Replica);
        pools.ShouldContain(DataSourceNames.Listen);
    }

    [ScaleFact]
    public async Task ALaggingReplica_ShowsTheLastUnitAfterItSold_AndCheckoutStillRefusesIt()
    {
        var store = await App.StoreAsync(ordersPerSlot: 100);
        var last = await App.ProductAsync("LAST-ONE");
        await App.StockAsync(store, last, 1);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        await Cluster.WaitForReplicaAsync();
        (await AvailableAsync(client, last.Id, store.Id)).ShouldBe(1);

        await Cluster.PauseReplayAsync();
        try
        {
            await client.PlaceOrderAsync(TestData.OrderBody(store, slot, (last, 1)));

            // The replica has not replayed the sale: it still offers the unit, so the read really comes from it.
            (await AvailableAsync(client, last.Id, store.Id)).ShouldBe(1);
            var second = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(store, slot, (last, 1)));
            second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await second.JsonAsync())["code"]!.GetValue<string>().ShouldBe("out_of_stock");
        }
        finally
        {
            await Cluster.ResumeReplayAsync();
        }

        await Cluster.WaitForReplicaAsync();
        (await AvailableAsync(client, last.Id, store.Id)).ShouldBe(0);
        (await App.StockOfAsync(store, last)).ShouldBe((1, 1));
        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Count()))).ShouldBe(1);
    }

    [ScaleFact]
    public async Task WhileTheReplicaLags_TheAdminsStoreRead_SeesAnEditAtOnce_AndTheShoppersMayNot()
    {
        var store = await App.StoreAsync("LAG01");
        await Cluster.WaitForReplicaAsync();

        await Cluster.PauseReplayAsync();
        try
        {
            await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE stores SET name = 'Renamed store' WHERE id = {store.Id}"));

            (await App.SendAsync(new GetStore(store.Id) { FromPrimary = true }))!.Name.ShouldBe("Renamed store");
            (await App.SendAsync(new GetStore(store.Id)))!.Name.ShouldBe("Store LAG01");
        }
        finally
        {
            await Cluster.ResumeReplayAsync();
        }
        await Cluster.WaitForReplicaAsync();
        (await App.SendAsync(new GetStore(store.Id)))!.Name.ShouldBe("Renamed store");
    }
}

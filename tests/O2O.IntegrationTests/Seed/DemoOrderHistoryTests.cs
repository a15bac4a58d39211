using System.Net;
using Microsoft.EntityFrameworkCore;
using O2O.Domain.Orders;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Seed;

/// <summary>The demo data comes with a few weeks of orders, so a first run shows a working shop, not an empty one.</summary>
public sealed class DemoOrderHistoryTests(O2OApp app) : IntegrationTest(app)
{
    // A Wednesday, 09:00 in Paris: the stores are open and most of the day's slots are still ahead.
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 7, 0, 0, TimeSpan.Zero);

    private HttpClient _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Now);
        await App.SeedDemoDataAsync();
        await App.SeedDemoOrdersAsync();
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        _admin = await App.ClientForAsync("boss@o2o.test");
    }

    [Fact]
    public async Task TheSeededOrders_HoldExactlyWhatTheInvariantCheckExpects()
    {
        var report = await _admin.GetJsonAsync("/api/v1/admin/invariants");

        report["violations"]!.AsArray().Count.ShouldBe(0, report.ToJsonString());
        report["ok"]!.GetValue<bool>().ShouldBeTrue();
        report["slotsChecked"]!.GetValue<int>().ShouldBeGreaterThan(0);
        // Reserved stock is really held, not left at zero.
        (await App.WithDbAsync(db => db.Stock.SumAsync(s => s.Reserved))).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task EveryStore_HasOrdersInEveryState()
    {
        var counts = await App.WithDbAsync(db => db.Orders.GroupBy(o => new { o.StoreId, o.Status })
            .Select(g => new { g.Key.StoreId, g.Key.Status, Count = g.Count() }).ToListAsync());
        var stores = await App.WithDbAsync(db => db.Stores.Select(s => s.Id).ToListAsync());

        foreach (var store in stores)
        {
            var statuses = counts.Where(c => c.StoreId == store).Select(c => c.Status).ToList();
            statuses.ShouldContain(OrderStatus.Collected);
            statuses.ShouldContain(OrderStatus.Paid);
            statuses.ShouldContain(OrderStatus.ReadyForPickup);
        }
        var all = counts.Select(c => c.Status).Distinct().ToList();
        all.ShouldContain(OrderStatus.Cancelled);
        all.ShouldContain(OrderStatus.NoShow);
        all.ShouldContain(OrderStatus.Expired);
        (await App.WithDbAsync(db => db.Orders.MinAsync(o => o.CreatedAt))).ShouldBeLessThan(Now.AddDays(-14));
        (await App.WithDbAsync(db => db.Orders.MaxAsync(o => o.CreatedAt))).ShouldBeLessThanOrEqualTo(Now);
    }

    [Fact]
    public async Task TheBoard_TheOverdueListAndTheDashboard_HaveRows()
    {
        var store = await App.WithDbAsync(db => db.Stores.FirstAsync(s => s.Code == "PAR01"));

        var board = await _admin.GetJsonAsync($"/api/v1/staff/stores/{store.Id}/orders");
        var columns = board["orders"]!.AsArray().Select(o => o!["column"]!.GetValue<string>()).ToList();
        columns.ShouldContain("To prepare");
        columns.ShouldContain("Ready");

        // Signed in on the test's own clock (the fixture translates cookie expiries for the client's real clock).
        App.Clock.Set(Now);
        var desk = await PageClient.SignedInAsync(App, "boss@o2o.test");
        var overdue = await desk.GetAsync($"/staff/stores/{store.Id}/no-shows");
        overdue.ShouldNotContain("No overdue orders.");

        var dashboard = await _admin.GetJsonAsync("/api/v1/admin/dashboard");
        dashboard["days"]!.AsArray().Count.ShouldBeGreaterThan(0);
        var paris = dashboard["stores"]!.AsArray().Single(s => s!["storeCode"]!.GetValue<string>() == "PAR01")!;
        paris["collected"]!.GetValue<int>().ShouldBeGreaterThan(0);
        paris["revenue"]!.AsArray().ShouldContain(r => r!["currency"]!.GetValue<string>() == "EUR" && r["amount"]!.GetValue<long>() > 0);
        dashboard["topProducts"]!.AsArray().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task SeedingTwice_AddsNoSecondCopy()
    {
        var before = await App.WithDbAsync(db => db.Orders.CountAsync());

        await App.SeedDemoOrdersAsync();

        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(before);
        before.ShouldBeGreaterThan(100);
    }
}

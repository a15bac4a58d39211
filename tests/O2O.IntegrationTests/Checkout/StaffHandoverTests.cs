using System.Net;
using O2O.Application.Diagnostics;
using O2O.Application.Jobs;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Checkout;

public sealed class StaffHandoverTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Store _otherStore = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("HOME1");
        _otherStore = await App.StoreAsync("AWAY1");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
        await App.UserAsync("staff.home@o2o.test", Roles.Staff, _store);
        await App.UserAsync("staff.away@o2o.test", Roles.Staff, _otherStore);
    }

    private async Task<string> PickupCodeAsync(string id, string token) =>
        (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();

    [Fact]
    public async Task Staff_MarkReady_ThenCollectWithTheCode_TakesTheUnitsOffTheShelf()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 2));
        var staff = await App.ClientForAsync("staff.home@o2o.test");

        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var collected = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = (await PickupCodeAsync(id, token)).ToLowerInvariant() });

        collected.StatusCode.ShouldBe(HttpStatusCode.OK, await collected.Content.ReadAsStringAsync());
        (await collected.JsonAsync())["status"]!.GetValue<string>().ShouldBe("Collected");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((8, 0));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task AWrongCode_Gets400_AndFiveOfThemLockTheOrder()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        var staff = await App.ClientForAsync("staff.home@o2o.test");
        await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { });

        for (var i = 0; i < 5; i++)
        {
            var wrong = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = "WRONG1" });
            (await wrong.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["pickupCode"].ShouldNotBeNull();
        }
        var locked = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = await PickupCodeAsync(id, token) });

        await locked.ProblemAsync(HttpStatusCode.TooManyRequests);
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        var after = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = await PickupCodeAsync(id, token) });
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CollectingAnOrderThatIsNotReady_Is409()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        var staff = await App.ClientForAsync("staff.home@o2o.test");

        var response = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = await PickupCodeAsync(id, token) });

        await response.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task MarkingAnUnpaidOrderReady_Is409()
    {
        var client = App.CreateClient();
        var order = await client.PlaceOrderAsync(TestData.OrderBody(_store, await client.FirstSlotAsync(_store), (_kettle, 1)));
        var staff = await App.ClientForAsync("staff.home@o2o.test");

        await (await staff.PostJsonAsync($"/api/v1/staff/orders/{order["id"]}/ready", new { })).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task StaffOfAnotherStore_Get404_ShoppersGet403_AnonymousGet401()
    {
        var (id, _) = await App.PaidOrderAsync(_store, (_kettle, 1));
        await App.UserAsync("shopper.x@o2o.test", Roles.Shopper);

        var away = await App.ClientForAsync("staff.away@o2o.test");
        await (await away.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).ProblemAsync(HttpStatusCode.NotFound);
        await (await away.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = "ABCDEF" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await away.GetAsync($"/api/v1/orders/{id}")).ProblemAsync(HttpStatusCode.NotFound);

        var shopper = await App.ClientForAsync("shopper.x@o2o.test");
        (await shopper.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.CreateClient().PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnAdmin_CanActOnAnyStoresOrders()
    {
        var (id, _) = await App.PaidOrderAsync(_store, (_kettle, 1));
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("boss@o2o.test");

        (await admin.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AReadyOrder_NotCollectedWithinHoldDays_BecomesANoShow_AndIsReleased()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 3));
        var staff = await App.ClientForAsync("staff.home@o2o.test");
        await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { });
        App.Clock.Advance(TimeSpan.FromDays(2));
        (await App.SendAsync(new HandleNoShows())).ShouldBe(0);

        App.Clock.Advance(TimeSpan.FromDays(3)); // past slot end + 3 hold days

        (await App.SendAsync(new HandleNoShows())).ShouldBe(1);
        var view = await App.CreateClient().GetOrderAsync(id, token);
        view["status"]!.GetValue<string>().ShouldBe("NoShow");
        view["payment"]!["refundPending"]!.GetValue<bool>().ShouldBeTrue(); // the job writes the refund; the dispatcher sends it
        (await App.DispatchPaymentsAsync()).ShouldBe(1);
        view = await App.CreateClient().GetOrderAsync(id, token);
        view["payment"]!["refunded"]!.GetValue<bool>().ShouldBeTrue();
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 0));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task TheInvariantCheck_IsAnAdminEndpoint_AndReportsDisagreements()
    {
        await App.PaidOrderAsync(_store, (_kettle, 2));
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("boss@o2o.test");
        (await admin.GetJsonAsync("/api/v1/admin/invariants"))["ok"]!.GetValue<bool>().ShouldBeTrue();

        await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "UPDATE store_stock SET reserved = reserved + 1"));

        var report = await admin.GetJsonAsync("/api/v1/admin/invariants");
        report["ok"]!.GetValue<bool>().ShouldBeFalse();
        var violation = report["violations"]!.AsArray().Single()!;
        violation["kind"]!.GetValue<string>().ShouldBe("stock.reserved");
        violation["recorded"]!.GetValue<long>().ShouldBe(3);
        violation["expected"]!.GetValue<long>().ShouldBe(2);
        (await (await App.ClientForAsync("staff.home@o2o.test")).GetAsync("/api/v1/admin/invariants")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

using System.Net;
using O2O.Application.Diagnostics;
using O2O.Application.Jobs;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Checkout;

public sealed class OrderLifecycleTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync(ordersPerSlot: 3);
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
    }

    private async Task<int> BookedAsync() =>
        (await App.SendAsync(new O2O.Application.Pickup.ListPickupSlots(_store.Id, null, 3)))!
            .Where(s => s.Remaining < s.Capacity).Sum(s => s.Capacity - s.Remaining);

    [Fact]
    public async Task AnUnpaidHold_ExpiresAfterFifteenMinutes_AndGivesStockAndSlotBack()
    {
        var client = App.CreateClient();
        var order = await client.PlaceOrderAsync(TestData.OrderBody(_store, await client.FirstSlotAsync(_store), (_kettle, 4)));
        App.Clock.Advance(TimeSpan.FromMinutes(14));
        (await App.SendAsync(new ExpireHolds())).ShouldBe(0);

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await App.SendAsync(new ExpireHolds());

        expired.ShouldBe(1);
        var view = await client.GetOrderAsync(order["id"]!.GetValue<string>(), order["accessToken"]!.GetValue<string>());
        view["status"]!.GetValue<string>().ShouldBe("Expired");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 0));
        (await BookedAsync()).ShouldBe(0);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task TwoWorkers_ExpiringAtOnce_ReleaseEachHoldExactlyOnce()
    {
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(_store);
        for (var i = 0; i < 3; i++) await client.PlaceOrderAsync(TestData.OrderBody(_store, slot, (_kettle, 2)));
        App.Clock.Advance(TimeSpan.FromMinutes(20));

        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => App.SendAsync(new ExpireHolds())));

        counts.Sum().ShouldBe(3);
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 0));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task APaidOrder_IsNotExpired()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        App.Clock.Advance(TimeSpan.FromHours(1));

        (await App.SendAsync(new ExpireHolds())).ShouldBe(0);

        var view = await App.CreateClient().GetOrderAsync(id, token);
        view["status"]!.GetValue<string>().ShouldBe("Paid");
        view["pickupCode"]!.GetValue<string>().Length.ShouldBe(6);
    }

    [Fact]
    public async Task ALatePayment_AfterExpiry_HoldsStockAndSlotAgain_WhenTheyAreStillThere()
    {
        var client = App.CreateClient();
        var order = await client.PlaceOrderAsync(TestData.OrderBody(_store, await client.FirstSlotAsync(_store, skip: 4), (_kettle, 3)));
        var id = order["id"]!.GetValue<string>();
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        await App.SendAsync(new ExpireHolds());

        var paid = await (await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).JsonAsync();

        paid["outcome"]!.GetValue<string>().ShouldBe("ReinstatedAfterExpiry");
        paid["status"]!.GetValue<string>().ShouldBe("Paid");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 3));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task ALatePayment_AfterExpiry_IsRefunded_WhenTheStockWasTakenMeanwhile()
    {
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(_store, skip: 4);
        var late = await client.PlaceOrderAsync(TestData.OrderBody(_store, slot, (_kettle, 8)));
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        await App.SendAsync(new ExpireHolds());
        await client.PlaceOrderAsync(TestData.OrderBody(_store, slot, (_kettle, 5))); // someone else takes most of it

        var paid = await (await client.PostJsonAsync($"/api/v1/payments/simulated/{late["id"]}", new { outcome = "succeeded" })).JsonAsync();

        paid["outcome"]!.GetValue<string>().ShouldBe("RefundedAfterExpiry");
        var view = await client.GetOrderAsync(late["id"]!.GetValue<string>(), late["accessToken"]!.GetValue<string>());
        view["status"]!.GetValue<string>().ShouldBe("Expired");
        view["payment"]!["refunded"]!.GetValue<bool>().ShouldBeTrue();
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 5));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task AFailedPayment_LeavesTheOrderPayable_UntilItsHoldExpires()
    {
        var client = App.CreateClient();
        var order = await client.PlaceOrderAsync(TestData.OrderBody(_store, await client.FirstSlotAsync(_store), (_kettle, 1)));
        var id = order["id"]!.GetValue<string>();

        var failed = await (await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "failed" })).JsonAsync();
        failed["status"]!.GetValue<string>().ShouldBe("PendingPayment");
        var paid = await (await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).JsonAsync();

        paid["status"]!.GetValue<string>().ShouldBe("Paid");
    }

    [Fact]
    public async Task SimulatedPayment_WithAnUnknownOutcome_Returns400_AndAnUnknownOrder404()
    {
        var (id, _) = await App.PaidOrderAsync(_store, (_kettle, 1));
        var client = App.CreateClient();

        await (await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "maybe" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostJsonAsync($"/api/v1/payments/simulated/{Guid.NewGuid()}", new { outcome = "succeeded" })).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheShopper_CancelsAPaidOrder_AndEverythingIsReleased()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 2));
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Order-Token", token);

        var response = await client.PostJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = "Changed my mind" });

        var view = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        view["status"]!.GetValue<string>().ShouldBe("Cancelled");
        view["payment"]!["refunded"]!.GetValue<bool>().ShouldBeTrue();
        view["canCancel"]!.GetValue<bool>().ShouldBeFalse();
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 0));
        (await BookedAsync()).ShouldBe(0);

        var again = await client.PostJsonAsync($"/api/v1/orders/{id}/cancel", new { });
        await again.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CancellingAnUnpaidOrder_IsAnIllegalTransition_409()
    {
        var client = App.CreateClient();
        var order = await client.PlaceOrderAsync(TestData.OrderBody(_store, await client.FirstSlotAsync(_store), (_kettle, 1)));
        client.DefaultRequestHeaders.Add("X-Order-Token", order["accessToken"]!.GetValue<string>());

        var response = await client.PostJsonAsync($"/api/v1/orders/{order["id"]}/cancel", new { });

        await response.ProblemAsync(HttpStatusCode.Conflict);
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 1));
    }

    [Fact]
    public async Task AnOrder_IsHiddenFromAnyoneWithoutItsToken()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        var client = App.CreateClient();

        await (await client.GetAsync($"/api/v1/orders/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{id}");
        wrong.Headers.Add("X-Order-Token", token[..^2] + "xx");
        await (await client.SendAsync(wrong)).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostJsonAsync($"/api/v1/orders/{id}/cancel", new { })).ProblemAsync(HttpStatusCode.NotFound);

        var shopper = await App.UserAsync("someone@o2o.test", Roles.Shopper);
        var signedIn = await App.ClientForAsync("someone@o2o.test");
        await (await signedIn.GetAsync($"/api/v1/orders/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        shopper.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task ASignedInShopper_SeesTheirOwnOrderWithoutTheToken()
    {
        await App.UserAsync("owner@o2o.test", Roles.Shopper);
        var client = await App.ClientForAsync("owner@o2o.test");
        var order = await client.PlaceOrderAsync(TestData.OrderBody(_store, await client.FirstSlotAsync(_store), (_kettle, 1)));

        var view = await client.GetJsonAsync($"/api/v1/orders/{order["id"]}");

        view["number"]!.GetValue<string>().ShouldBe(order["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task EveryTransition_IsRecordedWithItsTimeAndActor()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
        var staff = await App.ClientForAsync("desk@o2o.test");
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var view = await App.CreateClient().GetOrderAsync(id, token);

        var history = view["history"]!.AsArray();
        history.Select(h => h!["status"]!.GetValue<string>()).ShouldBe(["PendingPayment", "Paid", "ReadyForPickup"]);
        history.Select(h => h!["actor"]!.GetValue<string>()).ShouldBe(["shopper", "simulated", "desk@o2o.test"]);
        history.ShouldAllBe(h => h!["at"] != null);
    }
}

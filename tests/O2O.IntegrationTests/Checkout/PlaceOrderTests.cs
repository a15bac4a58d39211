using System.Net;
using Microsoft.EntityFrameworkCore;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Checkout;

public sealed class PlaceOrderTests(O2OApp app) : IntegrationTest(app)
{
    [Fact]
    public async Task PlaceOrder_HoldsStockAndASlotPlace_AndPricesFromTheCatalog()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE", 3490);
        var mug = await App.ProductAsync("MUG", 650);
        await App.StockAsync(store, kettle, 5);
        await App.StockAsync(store, mug, 10);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);

        var order = await client.PlaceOrderAsync(TestData.OrderBody(store, slot, (kettle, 2), (mug, 3)));

        order["status"]!.GetValue<string>().ShouldBe("PendingPayment");
        order["total"]!["amount"]!.GetValue<long>().ShouldBe(2 * 3490 + 3 * 650);
        order["total"]!["currency"]!.GetValue<string>().ShouldBe("EUR");
        order["number"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        order["accessToken"]!.GetValue<string>().Length.ShouldBeGreaterThanOrEqualTo(40);
        order["payment"]!["provider"]!.GetValue<string>().ShouldBe("simulated");
        DateTimeOffset.Parse(order["pickupSlot"]!["start"]!.GetValue<string>()).ShouldBe(slot);
        var holdExpires = DateTimeOffset.Parse(order["holdExpiresAt"]!.GetValue<string>());
        holdExpires.ShouldBe(App.Clock.GetUtcNow().AddMinutes(15));

        (await App.StockOfAsync(store, kettle)).ShouldBe((5, 2));
        (await App.StockOfAsync(store, mug)).ShouldBe((10, 3));
        var slots = (await client.GetJsonAsync($"/api/v1/stores/{store.Id}/pickup-slots?days=3")).AsArray();
        slots[0]!["remaining"]!.GetValue<int>().ShouldBe(slots[0]!["capacity"]!.GetValue<int>() - 1);
    }

    [Fact]
    public async Task PlaceOrder_IgnoresAnyPriceTheClientSends()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(store, kettle, 5);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);

        var order = await client.PlaceOrderAsync(new
        {
            storeId = store.Id, pickupSlotStart = slot, total = new { amount = 1, currency = "EUR" },
            customer = new { email = "a@b.test", name = "A" },
            lines = new[] { new { productId = kettle.Id, quantity = 1, price = 1 } },
        });

        order["total"]!["amount"]!.GetValue<long>().ShouldBe(3490);
    }

    [Fact]
    public async Task PlaceOrder_WhenStockIsShort_Returns409NamingEachShortLine_AndHoldsNothing()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        var mug = await App.ProductAsync("MUG");
        var spoon = await App.ProductAsync("SPOON");
        await App.StockAsync(store, kettle, 1);
        await App.StockAsync(store, mug, 10);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);

        var response = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(store, slot, (kettle, 2), (mug, 3), (spoon, 1)));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        problem["code"]!.GetValue<string>().ShouldBe("out_of_stock");
        var lines = problem["lines"]!.AsArray();
        lines.Count.ShouldBe(2);
        lines.Single(l => l!["sku"]!.GetValue<string>() == "KETTLE")!["available"]!.GetValue<int>().ShouldBe(1);
        lines.Single(l => l!["sku"]!.GetValue<string>() == "SPOON")!["available"]!.GetValue<int>().ShouldBe(0);
        (await App.StockOfAsync(store, mug)).ShouldBe((10, 0));
        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Count()))).ShouldBe(0);
        (await App.SendAsync(new O2O.Application.Diagnostics.CheckInvariants())).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task PlaceOrder_WhenTheSlotIsFull_Returns409_AndHoldsNoStock()
    {
        var store = await App.StoreAsync(ordersPerSlot: 1);
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 10);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        await client.PlaceOrderAsync(TestData.OrderBody(store, slot, (kettle, 1)));

        var response = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(store, slot, (kettle, 1)));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        problem["code"]!.GetValue<string>().ShouldBe("slot_full");
        (await App.StockOfAsync(store, kettle)).ShouldBe((10, 1));
        var slots = (await client.GetJsonAsync($"/api/v1/stores/{store.Id}/pickup-slots?days=3")).AsArray();
        slots[0]!["remaining"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task PlaceOrder_ForASlotThatIsNotOffered_Returns400OnTheSlotField()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 10);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);

        foreach (var bad in new[] { slot.AddMinutes(10), slot.AddDays(-3), slot.Date.AddHours(23), slot.AddDays(60) })
        {
            var response = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(store, bad, (kettle, 1)));
            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
            problem["errors"]!["pickupSlotStart"].ShouldNotBeNull();
        }
        (await App.StockOfAsync(store, kettle)).ShouldBe((10, 0));
    }

    [Fact]
    public async Task PlaceOrder_OnAClosedDay_Returns400()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 10);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        var tomorrowLocal = DateOnly.FromDateTime(slot.DateTime).AddDays(1);
        await App.WithDbAsync(async db =>
        {
            var s = await db.Stores.FindAsync(store.Id);
            s!.CloseOn(tomorrowLocal, "Holiday");
            await db.SaveChangesAsync();
        });

        var response = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(store, slot.AddDays(1), (kettle, 1)));

        (await response.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["pickupSlotStart"].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("""{"storeId":"00000000-0000-0000-0000-000000000000","lines":[]}""", "storeId")]
    [InlineData("""{"storeId":"0190a000-0000-7000-8000-000000000001","pickupSlotStart":"2030-01-01T10:00:00Z","customer":{"email":"not-an-email","name":"A"},"lines":[{"productId":"0190a000-0000-7000-8000-000000000001","quantity":1}]}""", "customer.email")]
    [InlineData("""{"storeId":"0190a000-0000-7000-8000-000000000001","pickupSlotStart":"2030-01-01T10:00:00Z","customer":{"email":"a@b.test","name":"A"},"lines":[{"productId":"0190a000-0000-7000-8000-000000000001","quantity":0}]}""", "lines[0].quantity")]
    [InlineData("""{"storeId":"0190a000-0000-7000-8000-000000000001","pickupSlotStart":"2030-01-01T10:00:00Z","customer":{"email":"a@b.test","name":"A"},"lines":[]}""", "lines")]
    public async Task PlaceOrder_WithInvalidInput_Returns400WithFieldErrors(string body, string field)
    {
        var response = await App.CreateClient().PostAsync("/api/v1/orders", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull(problem.ToJsonString());
    }

    [Fact]
    public async Task PlaceOrder_WithMalformedJson_Returns400Problem()
    {
        var response = await App.CreateClient().PostAsync("/api/v1/orders", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PlaceOrder_WhenTheStoreWasPausedAfterCheckoutReadItsSchedule_Returns409_AndHoldsNothing()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 10);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        await client.PlaceOrderAsync(TestData.OrderBody(store, slot, (kettle, 1))); // checkout now holds the store's schedule

        // Paused behind the app's back (another instance, or SQL): the reservation reads the flag from the store row.
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE stores SET pickup_paused = true WHERE id = {store.Id}"));
        var response = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(store, slot, (kettle, 1)));

        (await response.ProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>().ShouldBe("pickup_paused");
        (await App.StockOfAsync(store, kettle)).ShouldBe((10, 1));
        (await App.WithDbAsync(db => db.Orders.CountAsync(o => o.StoreId == store.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task PlaceOrder_TakesOrdersAgainAtOnce_WhenTheStoreIsResumedBehindTheAppsBack()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 10);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE stores SET pickup_paused = true WHERE id = {store.Id}"));
        var paused = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(store, slot, (kettle, 1))); // checkout caches the paused store
        (await paused.ProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>().ShouldBe("pickup_paused");

        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE stores SET pickup_paused = false WHERE id = {store.Id}"));

        await client.PlaceOrderAsync(TestData.OrderBody(store, slot, (kettle, 1)));
        (await App.StockOfAsync(store, kettle)).ShouldBe((10, 1));
    }

    [Fact]
    public async Task PlaceOrder_ForAnUnknownStoreOrProduct_Returns400()
    {
        var store = await App.StoreAsync();
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        var ghost = new O2O.Domain.Catalog.Product(Guid.NewGuid(), "GHOST", "Ghost", "", "Test", new O2O.Domain.Common.Money(100, "EUR"), null);

        var unknownProduct = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(store, slot, (ghost, 1)));
        (await unknownProduct.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["lines"].ShouldNotBeNull();

        var body = new { storeId = Guid.NewGuid(), pickupSlotStart = slot, customer = new { email = "a@b.test", name = "A" }, lines = new[] { new { productId = Guid.NewGuid(), quantity = 1 } } };
        (await (await client.PostJsonAsync("/api/v1/orders", body)).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["storeId"].ShouldNotBeNull();
    }

    [Fact]
    public async Task IdempotencyKey_SameBody_ReplaysTheFirstAnswer_AndPlacesOneOrder()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 10);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        var body = TestData.OrderBody(store, slot, (kettle, 2));

        async Task<(HttpStatusCode, string)> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = System.Net.Http.Json.JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "6f1c2a4e-3b7d-4c59-9a1e-2d8f0b7c5e13");
            var r = await client.SendAsync(request);
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        }

        var first = await Send();
        var second = await Send();

        first.Item1.ShouldBe(HttpStatusCode.Created);
        second.ShouldBe(first);
        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Count()))).ShouldBe(1);
        (await App.StockOfAsync(store, kettle)).ShouldBe((10, 2));
    }

    [Fact]
    public async Task IdempotencyKey_RetriedAfterTheFirstAnswerWasLost_FindsTheOrderItPlaced_WithANewToken()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 10);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        var command = new O2O.Application.Checkout.PlaceOrder(store.Id, slot, new("a@b.test", "A", null), [new(kettle.Id, 2)])
        { IdempotencyKey = "place-order:lost-answer" };

        // The first run committed, then its instance died before answering: its token reached nobody.
        var lost = (await App.SendAsync(command)).Value!;
        var retried = await App.SendAsync(command);

        retried.IsSuccess.ShouldBeTrue();
        retried.Value!.Id.ShouldBe(lost.Id);
        retried.Value.AccessToken.ShouldNotBe(lost.AccessToken);
        retried.Value.PickupSlot.Start.ShouldBe(lost.PickupSlot.Start);
        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Count()))).ShouldBe(1);
        (await App.StockOfAsync(store, kettle)).ShouldBe((10, 2));
        (await client.GetOrderAsync(lost.Id.ToString(), retried.Value.AccessToken))["status"]!.GetValue<string>().ShouldBe("PendingPayment");
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{lost.Id}");
        stale.Headers.Add("X-Order-Token", lost.AccessToken);
        (await client.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var paid = await client.PostJsonAsync($"/api/v1/payments/simulated/{lost.Id}", new { outcome = "succeeded" });
        paid.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetOrderAsync(lost.Id.ToString(), retried.Value.AccessToken))["status"]!.GetValue<string>().ShouldBe("Paid");
    }

    [Fact]
    public async Task IdempotencyKey_WithAnotherBody_Returns422()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 10);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);

        async Task<HttpResponseMessage> Send(int quantity)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
            { Content = System.Net.Http.Json.JsonContent.Create(TestData.OrderBody(store, slot, (kettle, quantity))) };
            request.Headers.Add("Idempotency-Key", "0b9e7d52-8c41-4f3a-b6d2-7e5a1c9f4d80");
            return await client.SendAsync(request);
        }

        (await Send(1)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await Send(2)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        (await App.StockOfAsync(store, kettle)).ShouldBe((10, 1));
    }
}

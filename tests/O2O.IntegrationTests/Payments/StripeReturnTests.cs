using System.Net;
using System.Text.Json.Nodes;
using O2O.Application.Diagnostics;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Payments;

/// <summary>A counter return's refund goes to the original Stripe payment, after the return's commit, keyed by the return.</summary>
public sealed class StripeReturnTests(StripeO2OApp fixture) : StripeIntegrationTest(fixture)
{
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private async Task<(HttpClient Clerk, JsonNode Order, string IntentId, string LineId)> CollectedStripeOrderAsync()
    {
        App.Clock.Set(Morning);
        var store = await App.StoreAsync("PAR11");
        var kettle = await App.ProductAsync("KETTLE-11", 1000);
        await App.StockAsync(store, kettle, 5);
        var client = App.CreateClient();
        var order = await client.PlaceOrderAsync(TestData.OrderBody(store, await client.FirstSlotAsync(store), (kettle, 3)));
        var id = order["id"]!.GetValue<Guid>();
        var intentId = Stripe.IntentIdForOrder(id);
        (await client.PostStripeEventAsync(StripeEvents.Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId), StripeO2OApp.WebhookSecret)))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await App.UserAsync("desk11@o2o.test", Roles.Staff, store);
        var clerk = await App.ClientForAsync("desk11@o2o.test");
        var code = (await client.GetOrderAsync(id.ToString(), order["accessToken"]!.GetValue<string>()))["pickupCode"]!.GetValue<string>();
        (await clerk.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var collected = await clerk.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code });
        collected.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (clerk, order, intentId, (await collected.JsonAsync())["lines"]![0]!["id"]!.GetValue<string>());
    }

    private static async Task<JsonNode> ReturnAsync(HttpClient clerk, JsonNode order, string lineId, int quantity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/staff/orders/{order["id"]}/returns")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { lines = new[] { new { lineId, quantity, restock = true } }, reason = "faulty" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await clerk.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["return"]!;
    }

    private async Task<JsonNode> ShopperViewAsync(JsonNode order) =>
        await App.CreateClient().GetOrderAsync(order["id"]!.GetValue<string>(), order["accessToken"]!.GetValue<string>());

    [Fact]
    public async Task A_return_refunds_its_part_of_the_payment_intent_keyed_by_the_return()
    {
        var (clerk, order, intentId, lineId) = await CollectedStripeOrderAsync();

        var first = await ReturnAsync(clerk, order, lineId, 1);
        var second = await ReturnAsync(clerk, order, lineId, 1);

        first["refundStatus"]!.GetValue<string>().ShouldBe("refunded");
        second["refundStatus"]!.GetValue<string>().ShouldBe("refunded");
        var refunds = Stripe.RequestsTo("/v1/refunds");
        refunds.Count.ShouldBe(2); // two returns of the same amount are two refunds
        refunds.Select(r => r.IdempotencyKey).ShouldBe([$"o2o-cmd-{first["id"]}", $"o2o-cmd-{second["id"]}"]);
        refunds.ShouldAllBe(r => r.Form["payment_intent"] == intentId && r.Form["amount"] == "1000");
        Stripe.Intent(intentId)["amount_refunded"]!.GetValue<long>().ShouldBe(2000);
    }

    [Fact]
    public async Task A_refund_Stripe_cannot_take_now_stays_pending_and_goes_through_on_a_later_round()
    {
        var (clerk, order, intentId, lineId) = await CollectedStripeOrderAsync();
        Stripe.FailWith(HttpStatusCode.ServiceUnavailable);

        var taken = await ReturnAsync(clerk, order, lineId, 2);

        taken["refundStatus"]!.GetValue<string>().ShouldBe("pending");
        (await ShopperViewAsync(order))["payment"]!["refundPending"]!.GetValue<bool>().ShouldBeTrue();
        (await ShopperViewAsync(order))["lines"]![0]!["returnedQuantity"]!.GetValue<int>().ShouldBe(2);

        Stripe.Recover();
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await App.DispatchPaymentsAsync()).ShouldBe(1);

        var after = await ShopperViewAsync(order);
        after["returns"]![0]!["refundStatus"]!.GetValue<string>().ShouldBe("refunded");
        after["payment"]!["refundPending"]!.GetValue<bool>().ShouldBeFalse();
        Stripe.RequestsTo("/v1/refunds").Select(r => r.IdempotencyKey).Distinct().ShouldBe([$"o2o-cmd-{taken["id"]}"]);
        Stripe.Intent(intentId)["amount_refunded"]!.GetValue<long>().ShouldBe(2000);
    }

    [Fact]
    public async Task A_refused_refund_leaves_the_return_refund_pending_with_the_admins_and_their_retry_pays_it()
    {
        var (clerk, order, intentId, lineId) = await CollectedStripeOrderAsync();
        Stripe.FailWith(HttpStatusCode.BadRequest, "invalid_request_error", "This charge is disputed.", "charge_disputed");

        var taken = await ReturnAsync(clerk, order, lineId, 1);

        taken["refundStatus"]!.GetValue<string>().ShouldBe("failed");
        App.Clock.Advance(TimeSpan.FromHours(2));
        (await App.DispatchPaymentsAsync()).ShouldBe(0); // refused for good: an admin decides
        var shopper = await ShopperViewAsync(order);
        shopper["payment"]!["refundPending"]!.GetValue<bool>().ShouldBeTrue();
        shopper["returns"]![0]!["refundStatus"]!.GetValue<string>().ShouldBe("failed");
        await App.UserAsync("boss11@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("boss11@o2o.test");
        var failed = (await admin.GetJsonAsync("/api/v1/admin/payment-commands"))["failed"]!.AsArray().ShouldHaveSingleItem()!;
        failed["orderNumber"]!.GetValue<string>().ShouldBe(order["number"]!.GetValue<string>());
        failed["kind"]!.GetValue<string>().ShouldBe("Refund");

        Stripe.Recover();
        var retried = await admin.PostJsonAsync($"/api/v1/admin/payment-commands/{failed["id"]}/retry", new { });

        retried.StatusCode.ShouldBe(HttpStatusCode.OK, await retried.Content.ReadAsStringAsync());
        var after = await ShopperViewAsync(order);
        after["returns"]![0]!["refundStatus"]!.GetValue<string>().ShouldBe("refunded");
        after["payment"]!["refundPending"]!.GetValue<bool>().ShouldBeFalse();
        Stripe.Intent(intentId)["amount_refunded"]!.GetValue<long>().ShouldBe(1000);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }
}

using System.Net;
using System.Text.Json.Nodes;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace O2O.IntegrationTests.Faults;

/// <summary>
/// Stripe failing after the order is paid: cancel, short pick and no-show. Their refund, void or capture is a payment
/// command written in the order's transaction and sent after commit, with retries; so the shopper's or the staff's
/// request succeeds at once, the order shows the money as not yet returned, and once Stripe answers again each command
/// reaches it exactly once, each under its own idempotency key.
/// </summary>
[Trait("Category", "Faults")]
public sealed class PaymentFaultTests(FaultEnvironment environment, ITestOutputHelper output) : FaultTest(environment, output)
{
    [Theory]
    [InlineData("answers 500")]
    [InlineData("times out")]
    public async Task Cancel_WhileStripeFails_SucceedsAtOnce_AndTheRefundReachesStripeOnceWhenItIsBack(string fault)
    {
        var (client, store, order) = await PaidOrderAsync(quantity: 2);
        Inject(fault);

        var cancel = await SendAsync(client, HttpMethod.Post, $"/api/v1/orders/{order.Id}/cancel", new { reason = "Changed my mind" }, order.Token);

        cancel.StatusCode.ShouldBe(HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());
        var cancelled = await ViewAsync(client, order);
        cancelled["status"]!.GetValue<string>().ShouldBe("Cancelled");
        cancelled["payment"]!["refunded"]!.GetValue<bool>().ShouldBeFalse("the refund is pending while Stripe fails");
        (await Scenario.CountAsync($"SELECT reserved::bigint AS \"Value\" FROM store_stock")).ShouldBe(0, "stock is released at once");

        Stripe.Recover();
        await Poll.UntilAsync(async () => (await ViewAsync(client, order))["payment"]!["refunded"]!.GetValue<bool>(), "the refund is sent once Stripe is back");
        var refunds = Stripe.RequestsTo("/v1/refunds").Where(r => r.Form["payment_intent"] == order.IntentId).ToList();
        refunds.Select(r => r.IdempotencyKey).Distinct().Count().ShouldBe(1, "every attempt of the one refund command carries the same key");
        Stripe.Intent(order.IntentId)["amount_refunded"]!.GetValue<long>().ShouldBe(2000, "refunded exactly once");
        await Scenario.AssertNothingLostAsync(survivor: order.Instance);
    }

    [Fact]
    public async Task ShortPick_ThenCancel_WhileStripeFails_EachRefundReachesStripeOnce_UnderItsOwnKey()
    {
        var (client, store, order) = await PaidOrderAsync(quantity: 3);
        using var staff = await StaffClientAsync(order.Instance, store);
        var lineId = (await ViewAsync(client, order))["lines"]![0]!["id"]!.GetValue<Guid>();
        Stripe.FailWith(HttpStatusCode.InternalServerError);

        var shortPick = await SendAsync(staff, HttpMethod.Post, $"/api/v1/staff/orders/{order.Id}/lines/{lineId}/short", new { quantity = 1, reason = "Damaged box" });
        var cancel = await SendAsync(client, HttpMethod.Post, $"/api/v1/orders/{order.Id}/cancel", new { reason = "Not without the third one" }, order.Token);

        shortPick.StatusCode.ShouldBe(HttpStatusCode.OK, await shortPick.Content.ReadAsStringAsync());
        cancel.StatusCode.ShouldBe(HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());
        Stripe.Recover();
        await Poll.UntilAsync(() => Stripe.Intent(order.IntentId)["amount_refunded"]?.GetValue<long>() == 3000, "both refunds reach Stripe");
        await Poll.UntilAsync(async () => (await ViewAsync(client, order))["payment"]!["refunded"]!.GetValue<bool>(), "the order shows the money returned");
        var succeeded = Stripe.RequestsTo("/v1/refunds").Where(r => r.Status == 200 && r.Form["payment_intent"] == order.IntentId).ToList();
        succeeded.Count.ShouldBe(2, "the short pick's refund and the cancel's, once each");
        succeeded.ShouldContain(r => r.Form.GetValueOrDefault("amount") == "1000", "the short pick refunds the missing unit");
        succeeded.Select(r => r.IdempotencyKey).Distinct().Count().ShouldBe(2, "two commands, two keys");
        await Scenario.AssertNothingLostAsync(survivor: order.Instance);
    }

    [Fact]
    public async Task NoShow_WhileStripeFails_ReleasesTheOrder_AndTheVoidReachesStripeOnceWhenItIsBack()
    {
        var (client, store, order) = await PaidOrderAsync(quantity: 2, capture: CaptureMode.AtHandover);
        using var staff = await StaffClientAsync(order.Instance, store);
        (await SendAsync(staff, HttpMethod.Post, $"/api/v1/staff/orders/{order.Id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        Stripe.FailWith(HttpStatusCode.InternalServerError);

        // The slot and the days the store holds an order are over: what the calendar would do, done in SQL.
        await Scenario.WithDbAsync(db => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlAsync(db.Database,
            $"UPDATE orders SET slot_end = now() - interval '4 days' WHERE id = {order.Id}"));
        await Poll.UntilAsync(async () => (await ViewAsync(client, order))["status"]!.GetValue<string>() == "NoShow",
            "the jobs handle the no-show although Stripe fails");
        (await Scenario.CountAsync($"SELECT reserved::bigint AS \"Value\" FROM store_stock")).ShouldBe(0);

        Stripe.Recover();
        await Poll.UntilAsync(() => Stripe.Intent(order.IntentId)["status"]!.GetValue<string>() == "canceled", "the void reaches Stripe");
        await Poll.UntilAsync(async () => (await ViewAsync(client, order))["payment"]!["refunded"]!.GetValue<bool>(), "the order shows the money released");
        Stripe.RequestsTo($"/v1/payment_intents/{order.IntentId}/cancel").Where(r => r.Status == 200).ShouldHaveSingleItem();
        Stripe.RequestsTo("/v1/refunds").ShouldBeEmpty();
        await Scenario.AssertNothingLostAsync(survivor: order.Instance);
    }

    private sealed record PaidOrder(Guid Id, string Token, string IntentId, AppProcess Instance);

    private void Inject(string fault)
    {
        if (fault == "answers 500") Stripe.FailWith(HttpStatusCode.InternalServerError);
        else Stripe.DropAnswersAfter(TimeSpan.FromMilliseconds(500)); // Stripe refunds, the answer is lost
    }

    private async Task<(HttpClient Client, Store Store, PaidOrder Order)> PaidOrderAsync(int quantity, CaptureMode capture = CaptureMode.AtOrder)
    {
        var (store, product) = await Scenario.ShopAsync(onHand: 10, capture: capture);
        var a = await Scenario.StartInstanceAsync("A");
        var client = a.CreateClient();
        var placed = await Checkouts.PlaceAsync(client, Checkouts.Body(store, await client.FirstSlotAsync(store), product, quantity));
        placed.Created.ShouldBeTrue(placed.ToString());
        var token = JsonNode.Parse(placed.Body)!["accessToken"]!.GetValue<string>();
        var intent = Scenario.IntentOf(placed.OrderId);
        if (capture == CaptureMode.AtOrder) await Scenario.PayAsync(client, placed.OrderId);
        else await AuthoriseAsync(client, intent);
        return (client, store, new PaidOrder(placed.OrderId, token, intent, a));
    }

    private async Task AuthoriseAsync(HttpClient client, string intentId)
    {
        var authorised = Payments.StripeEvents.Sign("payment_intent.amount_capturable_updated", Stripe.ConfirmIntent(intentId), FaultEnvironment.WebhookSecret);
        (await Scenario.DeliverAsync(client, authorised)).ShouldBe("Applied");
    }

    private async Task<HttpClient> StaffClientAsync(AppProcess instance, Store store)
    {
        var email = await Scenario.StaffAsync(store);
        var client = instance.CreateClient();
        return client.As(await client.BearerTokenAsync(email, FaultScenario.StaffPassword));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object body, string? orderToken = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        if (orderToken is not null) request.Headers.Add("X-Order-Token", orderToken);
        return await client.SendAsync(request);
    }

    private static Task<JsonNode> ViewAsync(HttpClient client, PaidOrder order) => client.GetOrderAsync(order.Id.ToString(), order.Token);
}

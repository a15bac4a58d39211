using System.Net;
using O2O.IntegrationTests.Infrastructure;
using O2O.IntegrationTests.Payments;
using Xunit.Abstractions;

namespace O2O.IntegrationTests.Faults;

/// <summary>Stripe's delivery as it really is: at least once, in any order, and sometimes ahead of the app itself.</summary>
[Trait("Category", "Faults")]
public sealed class WebhookFaultTests(FaultEnvironment environment, ITestOutputHelper output) : FaultTest(environment, output)
{
    [Fact]
    public async Task Webhooks_DuplicatedAcrossInstancesAndReordered_AreEachAppliedOnce_AndALateFailureUnpaysNothing()
    {
        var (store, product) = await Scenario.ShopAsync();
        var (a, b) = await Scenario.StartTwoInstancesAsync();
        using var toA = a.CreateClient();
        using var toB = b.CreateClient();
        var body = Checkouts.Body(store, await toA.FirstSlotAsync(store), product);
        var orders = new List<Guid>();
        for (var i = 0; i < 10; i++) orders.Add((await Checkouts.PlaceAsync(toA, body)).OrderId);

        var deliveries = new List<Task<string>>();
        var lateFailures = new List<StripeEvents.SignedEvent>();
        foreach (var order in orders)
        {
            var intent = Scenario.IntentOf(order);
            // The card was declined once, then went through; Stripe sends both, the failure last, the success three times.
            var failed = StripeEvents.Sign("payment_intent.payment_failed", Stripe.DeclineIntent(intent), FaultEnvironment.WebhookSecret);
            var succeeded = StripeEvents.Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intent), FaultEnvironment.WebhookSecret);
            deliveries.Add(Scenario.DeliverAsync(toA, succeeded));
            deliveries.Add(Scenario.DeliverAsync(toB, succeeded));
            deliveries.Add(Scenario.DeliverAsync(toB, succeeded));
            lateFailures.Add(failed);
        }
        var applied = await Task.WhenAll(deliveries);
        foreach (var failed in lateFailures) await Scenario.DeliverAsync(toA, failed);

        applied.Count(x => x == "Applied").ShouldBe(10);
        applied.Count(x => x == "Duplicate").ShouldBe(20);
        (await Scenario.CountAsync($"SELECT count(*) AS \"Value\" FROM orders WHERE status = 'Paid'")).ShouldBe(10, "a failure that arrives after the success unpays nothing");
        (await Scenario.CountAsync($"SELECT count(*) AS \"Value\" FROM order_status_changes WHERE status = 'Paid'")).ShouldBe(10);
        (await Scenario.CountAsync($"SELECT count(*) AS \"Value\" FROM outbox_emails")).ShouldBe(10, "one confirmation per order");
        await Scenario.AssertNothingLostAsync(survivor: b);
    }

    [Fact]
    public async Task AWebhookThatOvertakesTheCheckout_BeforeTheAppHasRecordedThePayment_IsAppliedOnce_AndTheOrderKeepsItsPaymentReference()
    {
        var (store, product) = await Scenario.ShopAsync();
        var (a, b) = await Scenario.StartTwoInstancesAsync();
        using var toA = a.CreateClient();
        using var toB = b.CreateClient();
        var body = Checkouts.Body(store, await toA.FirstSlotAsync(store), product);
        // The shopper's payment goes through, and Stripe's webhook reaches B, before Stripe has even answered A.
        Stripe.OnIntentCreated(async intent =>
        {
            var succeeded = StripeEvents.Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intent["id"]!.GetValue<string>()), FaultEnvironment.WebhookSecret);
            (await Scenario.DeliverAsync(toB, succeeded)).ShouldBe("Applied");
        });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Checkouts.PlaceAsync(toA, body)));
        Stripe.OnIntentCreated(null);

        outcomes.Where(o => !o.Created).ShouldBeEmpty();
        (await Scenario.CountAsync($"SELECT count(*) AS \"Value\" FROM orders WHERE status = 'Paid' AND payment_reference IS NOT NULL")).ShouldBe(10);
        (await Scenario.CountAsync($"SELECT count(*) AS \"Value\" FROM payment_events")).ShouldBe(10);
        await Scenario.AssertNothingLostAsync(survivor: a);
    }

    [Fact]
    public async Task AWebhookForAnOrderTheDatabaseDoesNotHaveYet_IsRefusedUnrecorded_SoStripeDeliversItAgain()
    {
        var (store, product) = await Scenario.ShopAsync();
        var a = await Scenario.StartInstanceAsync("A");
        using var client = a.CreateClient();
        var placed = await Checkouts.PlaceAsync(client, Checkouts.Body(store, await client.FirstSlotAsync(store), product));
        var intent = Stripe.ConfirmIntent(Scenario.IntentOf(placed.OrderId));
        // The same payment, for an order id that no commit has made yet (as when Stripe is faster than the transaction).
        intent["metadata"]!["order_id"] = Guid.CreateVersion7().ToString();
        var early = StripeEvents.Sign("payment_intent.succeeded", intent, FaultEnvironment.WebhookSecret);

        var first = await client.PostStripeEventAsync(early);
        var redelivered = await client.PostStripeEventAsync(early);

        first.IsSuccessStatusCode.ShouldBeFalse($"{(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}: a 2xx tells Stripe never to send it again");
        redelivered.IsSuccessStatusCode.ShouldBeFalse("nothing was recorded, so the redelivery is refused the same way, not taken as a duplicate");
        (await Scenario.CountAsync($"SELECT count(*) AS \"Value\" FROM payment_events")).ShouldBe(0);
        await Scenario.PayAsync(client, placed.OrderId);
        await Scenario.AssertNothingLostAsync(survivor: a);
    }
}

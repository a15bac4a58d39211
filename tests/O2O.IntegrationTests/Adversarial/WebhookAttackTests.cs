using System.Net;
using O2O.IntegrationTests.Infrastructure;
using O2O.IntegrationTests.Payments;
using Microsoft.EntityFrameworkCore;
using static O2O.IntegrationTests.Payments.StripeEvents;

namespace O2O.IntegrationTests.Adversarial;

/// <summary>Payment events that Stripe did not send, or not like this: every one refused with the whole database unchanged.</summary>
[Trait("Category", "Adversarial")]
public sealed class WebhookAttackTests(StripeO2OApp fixture) : StripeIntegrationTest(fixture)
{
    [Theory]
    [InlineData("no signature header")]
    [InlineData("empty signature")]
    [InlineData("random signature")]
    [InlineData("signed with another secret")]
    [InlineData("signed an hour ago")]
    [InlineData("signed in an hour")]
    [InlineData("amount raised after signing")]
    [InlineData("order id swapped after signing")]
    [InlineData("signature of another event")]
    public async Task AWebhookStripeDidNotSign_Is400_AndChangesNothing(string forgery)
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE", 1000);
        await App.StockAsync(store, kettle, 5);
        var client = App.CreateClient();
        var order = await client.PlaceOrderAsync(TestData.OrderBody(store, await client.FirstSlotAsync(store), (kettle, 1)));
        var orderId = order["id"]!.GetValue<Guid>();
        var intentId = Stripe.IntentIdForOrder(orderId);
        var secret = StripeO2OApp.WebhookSecret;
        var genuine = Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId), secret);
        var forged = forgery switch
        {
            "no signature header" => genuine with { Signature = null },
            "empty signature" => genuine with { Signature = "" },
            "random signature" => genuine with { Signature = $"t={DateTimeOffset.UtcNow.ToUnixTimeSeconds()},v1={new string('a', 64)}" },
            "signed with another secret" => Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId), "whsec_attacker"),
            "signed an hour ago" => Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId), secret, signedAt: DateTimeOffset.UtcNow.AddHours(-1)),
            "signed in an hour" => Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId), secret, signedAt: DateTimeOffset.UtcNow.AddHours(1)),
            "amount raised after signing" => genuine with { Payload = genuine.Payload.Replace("\"amount\":1000", "\"amount\":1", StringComparison.Ordinal) },
            "order id swapped after signing" => genuine with { Payload = genuine.Payload.Replace(orderId.ToString(), Guid.CreateVersion7().ToString(), StringComparison.Ordinal) },
            "signature of another event" => genuine with { Signature = Sign("payment_intent.payment_failed", Stripe.DeclineIntent(intentId), secret).Signature },
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };
        forged.ShouldNotBe(genuine);
        var before = await App.FingerprintAsync();

        await (await client.PostStripeEventAsync(forged)).ShouldBeRefusedAsync(HttpStatusCode.BadRequest);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }
}

/// <summary>With the simulated gateway active, the Stripe webhook does not exist at all.</summary>
[Trait("Category", "Adversarial")]
public sealed class SimulatedGatewayWebhookTests(O2OApp app) : IntegrationTest(app)
{
    [Fact]
    public async Task TheStripeWebhook_Is404_WhenStripeIsNotTheGateway()
    {
        var before = await App.FingerprintAsync();
        var forged = Sign("payment_intent.succeeded", new System.Text.Json.Nodes.JsonObject { ["id"] = "pi_x", ["object"] = "payment_intent" }, "whsec_anything");

        await (await App.CreateClient().PostStripeEventAsync(forged)).ShouldBeRefusedAsync(HttpStatusCode.NotFound);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }
}

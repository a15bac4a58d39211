using System.Net;
using System.Text.Json.Nodes;
using O2O.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace O2O.IntegrationTests.Faults;

/// <summary>Stripe misbehaving while shoppers check out: the payment cannot start, so nothing may stay held.</summary>
[Trait("Category", "Faults")]
public sealed class StripeCheckoutFaultTests(FaultEnvironment environment, ITestOutputHelper output) : FaultTest(environment, output)
{
    [Theory]
    [InlineData("answers 500")]
    [InlineData("times out")]
    public async Task Checkout_WhenStripeFails_Answers503Problems_ReleasesEveryHold_AndWorksAgainOnceStripeIsBack(string fault)
    {
        var (store, product) = await Scenario.ShopAsync(onHand: 20);
        var a = await Scenario.StartInstanceAsync("A");
        using var client = a.CreateClient();
        var body = Checkouts.Body(store, await client.FirstSlotAsync(store), product, quantity: 2);
        if (fault == "answers 500") Stripe.FailWith(HttpStatusCode.InternalServerError);
        else Stripe.DropAnswersAfter(TimeSpan.FromMilliseconds(500)); // the intent is created, the answer never arrives

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Checkouts.PlaceAsync(client, body)));
        Stripe.Recover();

        outcomes.Where(o => !Checkouts.IsCleanUnavailable(o.Status, o.ContentType, o.Body)).ShouldBeEmpty();
        outcomes.ShouldAllBe(o => JsonNode.Parse(o.Body)!["code"]!.GetValue<string>() == "payment_unavailable");
        (await Scenario.CountAsync($"SELECT reserved::bigint AS \"Value\" FROM store_stock")).ShouldBe(0, "every hold was given back at once");
        (await Scenario.CountAsync($"SELECT COALESCE(SUM(booked), 0)::bigint AS \"Value\" FROM pickup_slot_bookings")).ShouldBe(0);
        (await Scenario.CountAsync($"SELECT count(*) AS \"Value\" FROM orders WHERE status <> 'Expired'")).ShouldBe(0);

        var again = await Checkouts.PlaceAsync(client, body);
        again.Created.ShouldBeTrue(again.ToString());
        await Scenario.PayAsync(client, again.OrderId);
        await Scenario.AssertNothingLostAsync(survivor: a);
    }

    [Fact]
    public async Task Checkout_WhenStripeAnswersSlowly_StillPlacesEveryOrder_AndEachIsPaidOnce()
    {
        var (store, product) = await Scenario.ShopAsync(onHand: 20);
        var a = await Scenario.StartInstanceAsync("A");
        using var client = a.CreateClient();
        var body = Checkouts.Body(store, await client.FirstSlotAsync(store), product, quantity: 2);
        Stripe.AnswerSlowly(TimeSpan.FromSeconds(2));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Checkouts.PlaceAsync(client, body)));
        Stripe.Recover();

        outcomes.Where(o => !o.Created).ShouldBeEmpty();
        outcomes.ShouldAllBe(o => JsonNode.Parse(o.Body)!["payment"]!["clientSecret"]!.GetValue<string>().Length > 0);
        Stripe.RequestsTo("/v1/payment_intents").Count.ShouldBe(10, "one intent per order: no retry created a second");
        foreach (var o in outcomes) await Scenario.PayAsync(client, o.OrderId);
        (await Scenario.CountAsync($"SELECT reserved::bigint AS \"Value\" FROM store_stock")).ShouldBe(20);
        await Scenario.AssertNothingLostAsync(survivor: a);
    }
}

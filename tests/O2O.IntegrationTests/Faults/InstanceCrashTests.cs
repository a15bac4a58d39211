using System.Net;
using O2O.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace O2O.IntegrationTests.Faults;

/// <summary>App instances that die (SIGKILL) or are stopped (SIGTERM) while they serve checkouts.</summary>
[Trait("Category", "Faults")]
public sealed class InstanceCrashTests(FaultEnvironment environment, ITestOutputHelper output) : FaultTest(environment, output)
{
    [Fact]
    public async Task AnInstanceKilledInTheMiddleOf100Checkouts_LosesNoPaidOrder_AndTheOtherInstanceServesTheRest()
    {
        var (store, product) = await Scenario.ShopAsync();
        // Each instance has its own Stripe key, so the fake can tell which one a request came from.
        const string keyOfA = "sk_test_faults_a";
        var startA = Scenario.StartInstanceAsync("A", new Dictionary<string, string> { ["Stripe:SecretKey"] = keyOfA });
        var b = await Scenario.StartInstanceAsync("B");
        var a = await startA;
        using var toA = a.CreateClient();
        using var toB = b.CreateClient();
        var body = Checkouts.Body(store, await toB.FirstSlotAsync(store), product);
        // Slow answers from Stripe keep checkouts inside A when it dies, with the hold committed and the payment not yet recorded.
        Stripe.AnswerSlowly(TimeSpan.FromSeconds(2));

        var checkouts = Enumerable.Range(0, 100).Select(async i =>
        {
            // Half go to A; whatever A never answers, the shopper sends again, and the balancer routes it to B.
            var first = await Checkouts.PlaceAsync(i % 2 == 0 ? toA : toB, body);
            return first.Failure is null ? (Outcome: first, ServedBy: i % 2 == 0 ? "A" : "B") : (Outcome: await Checkouts.PlaceAsync(toB, body), ServedBy: "B after A died");
        }).ToList();
        await Poll.UntilAsync(() => Stripe.RequestsTo("/v1/payment_intents").Count(r => r.Authorization == $"Bearer {keyOfA}") >= 5,
            "A has holds committed and is waiting on Stripe");
        await a.KillAsync();
        var outcomes = await Task.WhenAll(checkouts);
        Stripe.Recover();

        outcomes.Where(o => !o.Outcome.Created).Select(o => $"{o.ServedBy}: {o.Outcome}").ShouldBeEmpty();
        outcomes.ShouldContain(o => o.ServedBy == "B after A died", "A was killed while it still had checkouts to answer");
        foreach (var (outcome, _) in outcomes) await Scenario.PayAsync(toB, outcome.OrderId);
        var unanswered = await Scenario.CountAsync($"SELECT count(*) AS \"Value\" FROM orders WHERE status = 'PendingPayment'");
        Scenario.Note($"{outcomes.Count(o => o.ServedBy == "B after A died")} checkouts served by B after A died; " +
                      $"{unanswered} orders A had committed but never answered, left for the jobs to expire");
        unanswered.ShouldBeGreaterThan(0, "A died with holds committed and their payments not recorded");
        await Scenario.AssertNothingLostAsync(survivor: b);
        (await Scenario.CountAsync($"SELECT count(*) AS \"Value\" FROM orders WHERE status = 'Paid'")).ShouldBe(100);
    }

    [Fact]
    public async Task ACheckoutRetriedWithItsIdempotencyKeyAfterItsInstanceDied_IsServedByTheOtherInstance()
    {
        var (store, product) = await Scenario.ShopAsync();
        var (a, b) = await Scenario.StartTwoInstancesAsync(new Dictionary<string, string> { [IdempotencyLeaseSetting] = "5" });
        using var toA = a.CreateClient();
        using var toB = b.CreateClient();
        var body = Checkouts.Body(store, await toB.FirstSlotAsync(store), product);
        var key = Guid.NewGuid().ToString(); // a guest's key is a random UUID
        Stripe.Hang(); // A claims the key, commits the hold and waits on Stripe when it dies

        var first = Checkouts.PlaceAsync(toA, body, key);
        await Poll.UntilAsync(() => Stripe.RequestsTo("/v1/payment_intents").Count >= 1, "A's checkout is waiting on Stripe");
        await a.KillAsync();
        (await first).Failure.ShouldNotBeNull("A died before it answered");
        Stripe.Recover();

        // The shopper retries with the same key, as the API asks, and the balancer sends it to B. While the dead
        // instance's claim is fresh, B says "still being processed" (409); after the lease the retry must go through.
        CheckoutOutcome retry = null!;
        await Poll.UntilAsync(async () => (retry = await Checkouts.PlaceAsync(toB, body, key)).Status != HttpStatusCode.Conflict,
            "the dead instance's claim on the key is given up", TimeSpan.FromSeconds(30));
        retry.Created.ShouldBeTrue(retry.ToString());
        var replayed = await Checkouts.PlaceAsync(toB, body, key);
        replayed.Body.ShouldBe(retry.Body, "a later retry replays the answer, it does not place another order");
        // A committed the order before it died: the retry found that order (ADR 14), it did not place a second one.
        (await Scenario.CountAsync($"SELECT count(*) AS \"Value\" FROM orders")).ShouldBe(1);
        await Scenario.PayAsync(toB, retry.OrderId);
        await Scenario.AssertNothingLostAsync(survivor: b);
    }

    private const string IdempotencyLeaseSetting = "Idempotency:LeaseSeconds";

    [Fact]
    public async Task AnInstanceStoppedWithSigtermUnderLoad_FinishesItsInFlightCheckouts_StopsItsJobsCleanly_AndLeavesNothingHalfWritten()
    {
        var (store, product) = await Scenario.ShopAsync();
        var a = await Scenario.StartInstanceAsync("A");
        using var toA = a.CreateClient();
        var body = Checkouts.Body(store, await toA.FirstSlotAsync(store), product);
        Stripe.AnswerSlowly(TimeSpan.FromMilliseconds(500));

        var checkouts = Enumerable.Range(0, 40).Select(_ => Checkouts.PlaceAsync(toA, body)).ToList();
        await Poll.UntilAsync(() => Stripe.RequestsTo("/v1/payment_intents").Count >= 10, "checkouts are in flight");
        await a.TerminateAsync();
        var outcomes = await Task.WhenAll(checkouts);
        var exited = await a.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Stripe.Recover();

        exited.ShouldBeTrue("the instance stops by itself after SIGTERM");
        a.ExitCode.ShouldBe(0, a.Log);
        a.Log.ShouldNotContain("\"@l\":\"Error\"", customMessage: "nothing fails while the instance shuts down");
        a.Log.ShouldNotContain("\"@l\":\"Fatal\"");
        // An answer is a 201; no answer is only for a request the instance had not started (refused or closed before it was read).
        outcomes.Where(o => o.Failure is null && !o.Created).ShouldBeEmpty();
        var answered = outcomes.Where(o => o.Created).Select(o => o.OrderId).ToHashSet();
        var started = Stripe.Intents().Select(i => Guid.Parse(i["metadata"]!["order_id"]!.GetValue<string>())).ToHashSet();
        started.Except(answered).ShouldBeEmpty("a checkout that reached Stripe was in flight and must have been answered");
        // One commit per order (ADR 14): an order is whole or absent; its payment reference comes with the confirmation.
        var written = await Scenario.WithDbAsync(db => Task.FromResult(db.Orders.Select(o => new { o.Id, o.PaymentProvider, Lines = o.Lines.Count }).ToList()));
        written.Where(o => o.PaymentProvider != "stripe" || o.Lines == 0).ShouldBeEmpty("every order was written whole");
        written.Select(o => o.Id).ToHashSet().SetEquals(answered).ShouldBeTrue("every order in the database was answered to its shopper, and only those");

        var b = await Scenario.StartInstanceAsync("B");
        using var toB = b.CreateClient();
        foreach (var id in answered) await Scenario.PayAsync(toB, id);
        await Scenario.AssertNothingLostAsync(survivor: b);
    }
}

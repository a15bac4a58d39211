using System.Collections.Concurrent;
using System.Net;
using O2O.IntegrationTests.Infrastructure;
using O2O.IntegrationTests.Payments;
using Xunit.Abstractions;

namespace O2O.IntegrationTests.Faults;

/// <summary>PostgreSQL restarted while an instance serves checkouts and reads.</summary>
[Trait("Category", "Faults")]
public sealed class DatabaseOutageTests(FaultEnvironment environment, ITestOutputHelper output) : FaultTest(environment, output)
{
    private sealed record Answer(DateTime At, string Route, HttpStatusCode? Status, string? ContentType, string Body, string? Failure);

    [Fact]
    public async Task PostgresRestartedUnderLoad_RequestsFailCleanly_ReadinessDrops_AndTheAppRecoversWithoutARestart()
    {
        var (store, product) = await Scenario.ShopAsync(onHand: 100_000);
        var a = await Scenario.StartInstanceAsync("A");
        using var client = a.CreateClient();
        // Orders spread over several slots, so the load never fills one (1,000 places at most).
        var bodies = new List<object>();
        for (var skip = 0; skip < 5; skip++) bodies.Add(Checkouts.Body(store, await client.FirstSlotAsync(store, skip), product));
        var beforeOutage = (await Checkouts.PlaceAsync(client, bodies[0])).OrderId;
        var answers = new ConcurrentQueue<Answer>();
        using var stopLoad = new CancellationTokenSource();
        var load = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stopLoad.IsCancellationRequested; n++)
            {
                await Task.Delay(20); // paces the load; the outcome never depends on it
                if (worker % 2 == 0)
                {
                    var o = await Checkouts.PlaceAsync(client, bodies[n % bodies.Count]);
                    answers.Enqueue(new Answer(DateTime.UtcNow, "checkout", o.Status, o.ContentType, o.Body, o.Failure?.Message));
                }
                else
                {
                    answers.Enqueue(await GetAsync(client, $"/api/v1/stores/{store.Id}/pickup-slots?days=3", "slots"));
                }
            }
        })).ToList();

        await Poll.UntilAsync(() => answers.Count(x => x.Status == HttpStatusCode.Created) >= 10, "checkouts go through before the outage");
        await Scenario.Environment.Postgres.StopAsync();
        var unready = false;
        StripeEvents.SignedEvent paidDuringOutage;
        HttpResponseMessage webhookDuringOutage;
        string webhookDuringOutageBody;
        try
        {
            await Poll.UntilAsync(async () => (await GetAsync(client, "/health/ready", "ready")).Status == HttpStatusCode.ServiceUnavailable, "/health/ready reports the outage");
            unready = true;
            var outageStarted = DateTime.UtcNow;
            await Poll.UntilAsync(() => answers.Count(x => x.At > outageStarted && x.Route == "checkout") >= 5 && answers.Count(x => x.At > outageStarted && x.Route == "slots") >= 5,
                "requests are answered during the outage");
            // Stripe confirms a payment while the database is down: the app must not acknowledge what it could not record.
            paidDuringOutage = StripeEvents.Sign("payment_intent.succeeded", Stripe.ConfirmIntent(Scenario.IntentOf(beforeOutage)), FaultEnvironment.WebhookSecret);
            webhookDuringOutage = await client.PostStripeEventAsync(paidDuringOutage);
            webhookDuringOutageBody = await webhookDuringOutage.Content.ReadAsStringAsync();
        }
        finally
        {
            await Scenario.Environment.Postgres.StartAgainAsync();
            // The test's own pooled connections died with the server; the app must cope with its own by itself.
            Scenario.ForgetDeadConnections();
        }
        var restarted = DateTime.UtcNow;
        await Poll.UntilAsync(async () => (await GetAsync(client, "/health/ready", "ready")).Status == HttpStatusCode.OK, "/health/ready recovers");
        await Poll.UntilAsync(() => answers.Count(x => x.At > restarted && x.Status == HttpStatusCode.Created) >= 10, "checkouts go through again");
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        a.HasExited.ShouldBeFalse("the instance recovers by itself, without a restart");
        unready.ShouldBeTrue();
        // Stripe redelivers what was not acknowledged; once the database is back it is applied, once.
        (await Scenario.DeliverAsync(client, paidDuringOutage)).ShouldBe("Applied");
        answers.Where(x => x.Failure is not null).Select(x => $"{x.Route}: {x.Failure}").ShouldBeEmpty("the app stays up: every request gets an answer");
        var refused = answers.Where(x => x.Status is not (HttpStatusCode.Created or HttpStatusCode.OK)).ToList();
        refused.ShouldNotBeEmpty("the load ran into the outage");
        refused.Where(x => !Checkouts.IsCleanUnavailable(x.Status, x.ContentType, x.Body))
            .Select(x => $"{x.Route}: {(int?)x.Status} {x.ContentType} {Title(x.Body)}").Distinct().ShouldBeEmpty("an outage is a 503 problem, with no stack trace");
        Checkouts.IsCleanUnavailable(webhookDuringOutage.StatusCode, webhookDuringOutage.Content.Headers.ContentType?.MediaType, webhookDuringOutageBody)
            .ShouldBeTrue($"a webhook during the outage: {(int)webhookDuringOutage.StatusCode} {webhookDuringOutageBody}");

        foreach (var created in answers.Where(x => x.Status == HttpStatusCode.Created))
            await Scenario.PayAsync(client, new CheckoutOutcome(created.Status, created.Body, created.ContentType, null).OrderId);
        await Scenario.AssertNothingLostAsync(survivor: a);
    }

    private static string Title(string body)
    {
        try { return System.Text.Json.Nodes.JsonNode.Parse(body)?["title"]?.GetValue<string>() ?? body; }
        catch (System.Text.Json.JsonException) { return body.Length > 300 ? body[..300] : body; }
    }

    private static async Task<Answer> GetAsync(HttpClient client, string url, string route)
    {
        try
        {
            using var response = await client.GetAsync(url);
            return new Answer(DateTime.UtcNow, route, response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), null);
        }
        catch (HttpRequestException ex)
        {
            return new Answer(DateTime.UtcNow, route, null, null, "", ex.Message);
        }
    }
}

using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Npgsql;
using O2O.Application.Jobs;
using O2O.Infrastructure.Data;
using O2O.Infrastructure.Email;
using O2O.IntegrationTests.Infrastructure;
using O2O.IntegrationTests.Payments;
using O2O.Web.Infrastructure;

namespace O2O.IntegrationTests.Observe;

public sealed class MetricsTests(ObservedO2OApp fixture) : ObservedTest(fixture)
{
    [Fact]
    public async Task Metrics_AfterACheckout_CountTheOrderTheRefusalByReasonThePaymentAndTheEmail()
    {
        var store = await App.StoreAsync("OBS01");
        var kettle = await App.ProductAsync("KETTLE", 1000);
        await App.StockAsync(store, kettle, 1);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        var before = await ScrapeAsync(client);

        var order = await client.PlaceOrderAsync(TestData.OrderBody(store, slot, (kettle, 1)));
        // The last unit is held by the first order: a refusal, counted by the code the shopper got.
        await client.PlaceOrderAsync(TestData.OrderBody(store, slot, (kettle, 1)), HttpStatusCode.Conflict);
        var intent = Stripe.IntentIdForOrder(order["id"]!.GetValue<Guid>());
        (await client.PostStripeEventAsync(StripeEvents.Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intent), StripeO2OApp.WebhookSecret)))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var paid = await ScrapeAsync(client);
        (await App.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(default)).ShouldBe(1);
        var sent = await ScrapeAsync(client);

        Moved(before, paid, "o2o_orders_placed_total", ("store", "OBS01")).ShouldBe(1);
        Moved(before, paid, "o2o_orders_refused_total", ("store", "OBS01"), ("reason", "out_of_stock")).ShouldBe(1);
        Moved(before, paid, "o2o_orders_refused_total").ShouldBe(1);
        Moved(before, paid, "o2o_payments_succeeded_total", ("provider", "stripe")).ShouldBe(1);
        // The confirmation waits in the outbox until the dispatcher sends it.
        Moved(before, paid, "o2o_outbox_pending").ShouldBe(1);
        Moved(paid, sent, "o2o_outbox_pending").ShouldBe(-1);
        Moved(paid, sent, "o2o_emails_sent_total", ("kind", "confirmation")).ShouldBe(1);
        // The framework's own figures ride along: requests by route, SQL connections.
        sent.Has("http_server_request_duration_seconds_count").ShouldBeTrue(sent.Text);
    }

    [Fact]
    public async Task JobsLag_IsHowLongAnExpiredHoldWaits_AndExpiringItCountsTheHold()
    {
        var store = await App.StoreAsync("OBS02");
        var kettle = await App.ProductAsync("KETTLE", 1000);
        await App.StockAsync(store, kettle, 5);
        var client = App.CreateClient();
        await client.PlaceOrderAsync(TestData.OrderBody(store, await client.FirstSlotAsync(store), (kettle, 1)));
        var before = await ScrapeAsync(client);

        // The hold (15 minutes) ran out a minute ago and no job has released it yet.
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        var late = await ScrapeAsync(client);
        (await App.SendAsync(new ExpireHolds())).ShouldBe(1);
        var released = await ScrapeAsync(client);

        before.Value("o2o_jobs_lag_seconds").ShouldBe(0);
        late.Value("o2o_jobs_lag_seconds").ShouldBe(60, tolerance: 0.001);
        released.Value("o2o_jobs_lag_seconds").ShouldBe(0);
        Moved(late, released, "o2o_holds_expired_total", ("store", "OBS02")).ShouldBe(1);
    }

    [Fact]
    public async Task AHandOverANoShowAndItsRefund_AreCountedByStoreAndOutcome()
    {
        var store = await App.StoreAsync("OBS03");
        var kettle = await App.ProductAsync("KETTLE", 1000);
        await App.StockAsync(store, kettle, 5);
        await App.UserAsync("staff.obs03@o2o.test", "Staff", store);
        var staff = await App.ClientForAsync("staff.obs03@o2o.test");
        var shopper = App.CreateClient();
        var slot = await shopper.FirstSlotAsync(store);
        var collected = await ReadyOrderAsync(shopper, staff, TestData.OrderBody(store, slot, (kettle, 1)));
        await ReadyOrderAsync(shopper, staff, TestData.OrderBody(store, slot, (kettle, 1)));
        var before = await ScrapeAsync(shopper);

        (await staff.PostJsonAsync($"/api/v1/staff/orders/{collected.Id}/collect", new { pickupCode = collected.PickupCode }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        App.Clock.Advance(slot - App.Clock.GetUtcNow() + TimeSpan.FromDays(store.Pickup.HoldDays + 1));
        (await App.SendAsync(new HandleNoShows())).ShouldBe(1);
        var owed = await ScrapeAsync(shopper);
        (await App.DispatchPaymentsAsync()).ShouldBe(1);
        var refunded = await ScrapeAsync(shopper);

        Moved(before, owed, "o2o_orders_handed_over_total", ("store", "OBS03")).ShouldBe(1);
        Moved(before, owed, "o2o_orders_no_shows_total", ("store", "OBS03")).ShouldBe(1);
        // The no-show's money back is a payment command: pending until the dispatcher has Stripe refund it.
        Moved(before, owed, "o2o_payment_commands_pending").ShouldBe(1);
        Moved(owed, refunded, "o2o_payment_commands_pending").ShouldBe(-1);
        Moved(owed, refunded, "o2o_payment_commands_attempts_total", ("kind", "Refund"), ("outcome", "succeeded")).ShouldBe(1);
    }

    /// <summary>Placed, paid through the fake Stripe's webhook and made ready by the desk; its id and pickup code.</summary>
    private async Task<(Guid Id, string PickupCode)> ReadyOrderAsync(HttpClient shopper, HttpClient staff, object body)
    {
        var order = await shopper.PlaceOrderAsync(body);
        var id = order["id"]!.GetValue<Guid>();
        var intent = Stripe.ConfirmIntent(Stripe.IntentIdForOrder(id));
        (await shopper.PostStripeEventAsync(StripeEvents.Sign("payment_intent.succeeded", intent, StripeO2OApp.WebhookSecret)))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var view = await shopper.GetOrderAsync(id.ToString(), order["accessToken"]!.GetValue<string>());
        return (id, view["pickupCode"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null, 9464, HttpStatusCode.OK)]
    [InlineData(null, 8080, HttpStatusCode.NotFound)]
    // The Host header is the client's to write: naming the metrics port in it through the public port changes nothing.
    [InlineData("shop.example:9464", 8080, HttpStatusCode.NotFound)]
    public async Task TheScrapeEndpoint_AnswersOnlyOnItsPort(string? host, int arrivedOn, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (host is not null) request.Headers.Host = host;
        request.Headers.Add(ObservedO2OApp.LocalPortHeader, arrivedOn.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var response = await App.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.OK) response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
    }

    [Fact]
    public async Task TheScrape_NamesEachDatabasePool_WithoutItsPassword()
    {
        // Npgsql names a pool by its connection string, less the password: what the scraper stores must not hold one.
        await using (var connection = new NpgsqlConnection(App.ConnectionString + ";Password=not-for-the-scraper"))
        {
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand("SELECT 1", connection);
            await select.ExecuteScalarAsync();
        }

        var scrape = await ScrapeAsync(App.CreateClient());

        scrape.Value("db_client_connection_count").ShouldBeGreaterThan(0);
        scrape.Text.ShouldNotContain("not-for-the-scraper");
    }

    [Fact]
    public async Task TheScrape_NamesTheAppsOwnPools_ByTheirRole()
    {
        await App.StoreAsync("OBS04");
        // A request that reads the database through the app's own pool, not the test's.
        (await App.CreateClient().GetAsync("/api/v1/stores")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var scrape = await ScrapeAsync(App.CreateClient());

        Pools(scrape).ShouldContain(DataSourceNames.Primary);
        // The live board's LISTEN connection, opened when the app started.
        Pools(scrape).ShouldContain(DataSourceNames.Listen);
    }

    private static IEnumerable<string> Pools(Scrape scrape) =>
        System.Text.RegularExpressions.Regex.Matches(scrape.Text, @"^db_client_connection_count\{[^}]*db_client_connection_pool_name=""([^""]*)""",
            System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct();

    [Fact]
    public void TheScrapeEndpoint_OutsideDevelopment_MustNameItsPort()
    {
        var settings = new Dictionary<string, string?> { ["Observability:Prometheus:Enabled"] = "true" };
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production });
        services.AddO2OObservability(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        using var provider = services.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ObservabilityOptions>>().Value)
            .Message.ShouldContain("Observability:Prometheus:Port");
    }

    private static double Moved(Scrape from, Scrape to, string name, params (string, string)[] labels) =>
        to.Value(name, labels) - from.Value(name, labels);
}

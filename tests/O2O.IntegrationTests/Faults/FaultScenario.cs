using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using O2O.Application;
using O2O.Application.Diagnostics;
using O2O.Domain.Catalog;
using O2O.Domain.Common;
using O2O.Domain.Stock;
using O2O.Domain.Stores;
using O2O.Infrastructure;
using O2O.Infrastructure.Data;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;
using O2O.IntegrationTests.Payments;
using Xunit.Abstractions;

namespace O2O.IntegrationTests.Faults;

/// <summary>
/// One fault case: a fresh database, its own SMTP server, real app instances started on demand, and the check that
/// closes every case (<see cref="AssertNothingLostAsync"/>). Disposing it ends every process it started.
/// </summary>
public sealed class FaultScenario : IAsyncDisposable
{
    public const int JobIntervalSeconds = 1;
    private readonly List<AppProcess> _instances = [];
    private readonly ConcurrentBag<(string EventId, string Applied)> _deliveries = [];
    private readonly ITestOutputHelper _output;
    private ServiceProvider _tools = null!;

    private FaultScenario(FaultEnvironment environment, ITestOutputHelper output)
    {
        Environment = environment;
        _output = output;
    }

    public FaultEnvironment Environment { get; }
    public FakeStripeServer Stripe => Environment.Stripe;
    public SmtpTestServer Smtp { get; } = new();
    public string ConnectionString { get; private set; } = "";

    public static async Task<FaultScenario> StartAsync(FaultEnvironment environment, ITestOutputHelper output)
    {
        var scenario = new FaultScenario(environment, output);
        environment.Stripe.Reset();
        scenario.ConnectionString = await environment.NewDatabaseAsync();
        await scenario.Smtp.StartAsync();
        // The test's own view of the database: the app's DbContext and identity, with no web host and no jobs running.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:O2O"] = scenario.ConnectionString })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddApplication().AddInfrastructure(configuration);
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        scenario._tools = services.BuildServiceProvider();
        return scenario;
    }

    /// <summary>The settings of every instance: this case's database, SMTP server and fake Stripe, jobs every second.</summary>
    public Dictionary<string, string> Settings()
    {
        var settings = BaseSettings();
        // Every case drives its load from one client address: the doors' limits are for shoppers, not for this suite.
        foreach (var door in Enum.GetNames<O2O.Web.Infrastructure.Door>())
        {
            settings[$"RateLimits:{door}:PerAddress"] = "1000000";
            settings[$"RateLimits:{door}:PerAccount"] = "1000000";
        }
        // Payment commands retried within the case's patience, not after the production backoff.
        settings["Payments:DispatchIntervalSeconds"] = "1";
        settings["Payments:FirstRetrySeconds"] = "1";
        return settings;
    }

    private Dictionary<string, string> BaseSettings() => new()
    {
        ["ConnectionStrings:O2O"] = ConnectionString,
        ["Database:MigrateOnStartup"] = "false",
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["Jobs:IntervalSeconds"] = JobIntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:DispatchIntervalSeconds"] = "1",
        ["Email:SmtpHost"] = "127.0.0.1",
        ["Email:SmtpPort"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:UseStartTls"] = "false",
        ["Stripe:SecretKey"] = "sk_test_faults",
        ["Stripe:WebhookSecret"] = FaultEnvironment.WebhookSecret,
        ["Stripe:ApiBase"] = Stripe.Url,
    };

    public async Task<AppProcess> StartInstanceAsync(string name, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = Settings();
        foreach (var (k, v) in overrides ?? new Dictionary<string, string>()) settings[k] = v;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var instance = await AppProcess.StartAsync(name, settings);
        lock (_instances) _instances.Add(instance);
        Note($"{name} (pid {instance.Pid}) serves on {instance.Url} after {started.Elapsed.TotalSeconds:F1} s");
        return instance;
    }

    /// <summary>Two instances on the same database, started side by side.</summary>
    public async Task<(AppProcess A, AppProcess B)> StartTwoInstancesAsync(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var a = StartInstanceAsync("A", overrides);
        var b = StartInstanceAsync("B", overrides);
        return (await a, await b);
    }

    /// <summary>A line in the test's output: what the case saw, for whoever reads a failure.</summary>
    public void Note(string line) => _output.WriteLine(line);

    /// <summary>
    /// After the server restarted: the test's own pooled connections died with it. Its context's pool is the data source
    /// its container made (as the app's is), which clearing the pools by connection string does not reach.
    /// </summary>
    public void ForgetDeadConnections()
    {
        _tools.GetRequiredService<NpgsqlDataSource>().Clear();
        TestPools.Clear(ConnectionString, Environment.Postgres.ConnectionString);
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = _tools.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task<long> CountAsync(FormattableString sql) =>
        await WithDbAsync(db => db.Database.SqlQuery<long>(sql).SingleAsync());

    /// <summary>A store open every day 08:00–20:00 in Paris, a product, and its stock there.</summary>
    public Task<(Store Store, Product Product)> ShopAsync(int onHand = 1000, int ordersPerSlot = 1000, CaptureMode capture = CaptureMode.AtOrder,
        long priceCents = 1000) =>
        WithDbAsync(async db =>
        {
            var store = new Store(Guid.CreateVersion7(), "FLT01", "Store FLT01", new StoreAddress("1 Rue des Pannes", "75001", "Paris", "FR"),
                new GeoPoint(48.86, 2.34), "Europe/Paris", new PickupSettings(30, ordersPerSlot, 60, 7, 3, capture));
            store.SetOpeningHours(Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, new TimeOnly(8, 0), new TimeOnly(20, 0))));
            var product = new Product(Guid.CreateVersion7(), "FAULT-1", "Product under test", "", "Test", new Money(priceCents, "EUR"), null);
            db.Stores.Add(store);
            db.Products.Add(product);
            db.Stock.Add(new StoreStock(store.Id, product.Id, onHand));
            await db.SaveChangesAsync();
            return (store, product);
        });

    /// <summary>A staff member of <paramref name="store"/>; returns the email (password <see cref="StaffPassword"/>).</summary>
    public async Task<string> StaffAsync(Store store, string email = "desk@o2o.test")
    {
        await using var scope = _tools.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Desk" };
        (await users.CreateAsync(user, StaffPassword)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, Roles.Staff)).Succeeded.ShouldBeTrue();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.StaffAssignments.Add(new StaffAssignment(user.Id, store.Id));
        await db.SaveChangesAsync();
        return email;
    }

    public const string StaffPassword = "Desk-pass-1";

    /// <summary>The PaymentIntent the fake created for an order (from the metadata the app sent).</summary>
    public string IntentOf(Guid orderId) =>
        Stripe.Intents().Single(i => i["metadata"]?["order_id"]?.GetValue<string>() == orderId.ToString())["id"]!.GetValue<string>();

    /// <summary>What Stripe does when the shopper pays: the intent succeeds and a signed webhook goes to <paramref name="client"/>.</summary>
    public async Task<StripeEvents.SignedEvent> PayAsync(HttpClient client, Guid orderId)
    {
        var succeeded = StripeEvents.Sign("payment_intent.succeeded", Stripe.ConfirmIntent(IntentOf(orderId)), FaultEnvironment.WebhookSecret);
        (await DeliverAsync(client, succeeded)).ShouldBe("Applied");
        return succeeded;
    }

    /// <summary>Delivers an event and returns what the app says it did; every 2xx delivery is remembered for the final check.</summary>
    public async Task<string> DeliverAsync(HttpClient client, StripeEvents.SignedEvent e, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostStripeEventAsync(e);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        if (!response.IsSuccessStatusCode) return "";
        var applied = JsonNode.Parse(body)!["applied"]!.GetValue<string>();
        _deliveries.Add((e.Id, applied));
        return applied;
    }

    /// <summary>
    /// What must hold after every fault, once the load is over:
    /// holds past their expiry are released by the jobs of the instance still running (the holds are first aged past
    /// their end, standing in for the 15 minutes that no test waits); the invariant check finds nothing; every order
    /// whose payment Stripe saw go through is paid (or later) with its payment reference; each webhook event is
    /// recorded once and was applied at most once; and every outbox email reached the SMTP server exactly once.
    /// </summary>
    public async Task AssertNothingLostAsync(AppProcess survivor)
    {
        survivor.HasExited.ShouldBeFalse($"{survivor.Name} must still run its jobs for the final check.");

        await WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE orders SET hold_expires_at = now() - interval '1 second' WHERE status = 'PendingPayment'"));
        await Poll.UntilAsync(async () => await CountAsync($"""
                SELECT count(*) AS "Value" FROM orders
                WHERE status = 'PendingPayment' AND hold_expires_at < now() - make_interval(secs => {JobIntervalSeconds})
                """) == 0,
            "every expired hold is released by the jobs");

        var report = await WithDbAsync(async db => await new CheckInvariantsHandler(db).Handle(new CheckInvariants(), default));
        report.Ok.ShouldBeTrue(string.Join("\n", report.Violations));

        var confirmed = Stripe.Intents().Where(i => i["status"]!.GetValue<string>() is "succeeded" or "requires_capture").ToList();
        var orders = await WithDbAsync(db => db.Database.SqlQuery<PaidOrderRow>($"""
            SELECT id, status, payment_reference, money_back_requested AS refunded FROM orders
            """).ToListAsync());
        foreach (var intent in confirmed)
        {
            var orderId = Guid.Parse(intent["metadata"]!["order_id"]!.GetValue<string>());
            var order = orders.SingleOrDefault(o => o.Id == orderId);
            order.ShouldNotBeNull($"Stripe took the money for order {orderId}, which the database does not have.");
            order.PaymentReference.ShouldBe(intent["id"]!.GetValue<string>(), $"order {orderId}");
            var keptOrRefunded = order.Status is "Paid" or "ReadyForPickup" or "Collected" || (order.Refunded && order.Status is "Cancelled" or "NoShow" or "Expired");
            keptOrRefunded.ShouldBeTrue($"order {orderId} was paid on Stripe but is {order.Status} (refunded: {order.Refunded}).");
        }

        var events = await WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT event_id AS \"Value\" FROM payment_events").ToListAsync());
        events.GroupBy(e => e).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("events recorded twice");
        foreach (var delivered in _deliveries.GroupBy(d => d.EventId))
        {
            events.ShouldContain(delivered.Key, "an event answered 2xx must be recorded, or Stripe will not send it again");
            delivered.Count(d => d.Applied != "Duplicate").ShouldBe(1, $"event {delivered.Key} was applied more than once: {string.Join(", ", delivered.Select(d => d.Applied))}");
        }

        await Poll.UntilAsync(async () => await CountAsync($"SELECT count(*) AS \"Value\" FROM outbox_emails WHERE sent_at IS NULL") == 0,
            "every outbox email is sent", TimeSpan.FromSeconds(60));
        var emailIds = await WithDbAsync(db => db.Emails.Select(e => e.Id).ToListAsync());
        var received = Smtp.Received().GroupBy(m => m.MessageId ?? "").ToDictionary(g => g.Key, g => g.Count());
        foreach (var id in emailIds) received.GetValueOrDefault($"outbox-{id}@o2o").ShouldBe(1, $"outbox email {id} reached the SMTP server that many times");
        received.Keys.Except(emailIds.Select(id => $"outbox-{id}@o2o")).ShouldBeEmpty("messages the outbox does not know");
    }

    private sealed record PaidOrderRow(Guid Id, string Status, string? PaymentReference, bool Refunded);

    public async ValueTask DisposeAsync()
    {
        List<AppProcess> instances;
        lock (_instances) instances = _instances.ToList();
        foreach (var instance in instances)
        {
            _output.WriteLine($"--- {instance.Name} (pid {instance.Pid}{(instance.HasExited ? $", exited {instance.ExitCode}" : "")}) ---");
            var log = instance.Log;
            _output.WriteLine(log.Length > 20_000 ? log[^20_000..] : log);
            await instance.DisposeAsync();
        }
        await Smtp.DisposeAsync();
        if (_tools is not null) await _tools.DisposeAsync();
        TestPools.Clear(ConnectionString);
    }
}

/// <summary>Waits for a condition with a generous deadline: the outcome is decided by the condition, never by the wait.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new ShouldAssertException($"Timed out waiting until {what}.");
            await Task.Delay(100);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);
}

/// <summary>Base of the fault cases: one <see cref="FaultScenario"/> per test, ended (with every process) after it.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Faults")]
public abstract class FaultTest(FaultEnvironment environment, ITestOutputHelper output) : IAsyncLifetime
{
    protected FaultScenario Scenario { get; private set; } = null!;
    protected FakeStripeServer Stripe => environment.Stripe;

    public async Task InitializeAsync() => Scenario = await FaultScenario.StartAsync(environment, output);

    public async Task DisposeAsync()
    {
        if (Scenario is not null) await Scenario.DisposeAsync();
    }
}

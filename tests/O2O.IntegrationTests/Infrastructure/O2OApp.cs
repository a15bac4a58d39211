using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using O2O.Infrastructure.Data;
using O2O.Infrastructure.Data.Seed;
using O2O.Web.Storefront;

namespace O2O.IntegrationTests.Infrastructure;

/// <summary>
/// The whole app over one real PostgreSQL database for the test run. The schema comes from the migrations,
/// once; <see cref="ResetAsync"/> empties every table between tests.
/// </summary>
public sealed class O2OApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private PostgresServer _server = null!;
    private string _truncateAll = "";

    public string ConnectionString { get; private set; } = "";
    public TestClock Clock { get; } = new();
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Extra service registrations for a variant fixture (a log capture, say), applied after the fixture's own.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>The environment the app runs in; a variant fixture may run it as Production.</summary>
    public string Environment { get; set; } = "Testing";

    /// <summary>A variant fixture's own PostgreSQL (the scale tests' primary with its replica, say); by default the run's.</summary>
    public Func<Task<PostgresServer>> StartDatabaseServer { get; set; } = PostgresServer.StartAsync;

    /// <summary>
    /// A variant fixture's settings that name the test database, given its name (the app's connection through a pooler,
    /// a replica's); applied over the fixture's own. <see cref="ConnectionString"/> stays the direct one the migrations use.
    /// </summary>
    public Func<string, Dictionary<string, string?>>? DatabaseSettings { get; set; }

    private string _database = "";

    public async Task InitializeAsync()
    {
        _server = await StartDatabaseServer();
        var builder = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = "postgres" };
        var dbName = $"o2o_test_{Guid.NewGuid():N}"[..24];
        await using (var admin = new NpgsqlConnection(builder.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {dbName}", admin);
            await create.ExecuteNonQueryAsync();
        }
        builder.Database = _database = dbName;
        builder.MaxPoolSize = 250;
        ConnectionString = builder.ConnectionString;

        // Straight to the database, as `migrate` is run in production: never through a pooler.
        await using (var direct = new AppDbContext(((DbContextOptionsBuilder<AppDbContext>)O2O.Infrastructure.DependencyInjection
                         .UseAppDatabase(new DbContextOptionsBuilder<AppDbContext>(), ConnectionString)).Options))
            await direct.Database.MigrateAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tables = await db.Database.SqlQueryRaw<string>(
                "SELECT quote_ident(tablename) AS \"Value\" FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('__ef_migrations_history', 'data_protection_keys')")
            .ToListAsync();
        _truncateAll = $"TRUNCATE {string.Join(", ", tables)} RESTART IDENTITY CASCADE";
        await ResetAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        // As in Development: a singleton that captures a scoped service (a DbContext shared by requests) fails the run.
        builder.UseDefaultServiceProvider(o => { o.ValidateScopes = true; o.ValidateOnBuild = true; });
        // Host settings are visible while Program registers services (app configuration added here is not yet).
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:O2O"] = ConnectionString,
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoData"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // Tests drive the timed jobs and the outbox themselves, so nothing runs behind their back.
            ["Jobs:Enabled"] = "false",
            ["Email:DispatcherEnabled"] = "false",
            ["Payments:DispatcherEnabled"] = "false",
            ["Email:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "o2o-test-mail"),
        };
        // Tests place hundreds of orders from one address; the tests of the limits themselves lower them again.
        foreach (var door in Enum.GetNames<O2O.Web.Infrastructure.Door>())
        {
            settings[$"RateLimits:{door}:PerAddress"] = "1000000";
            settings[$"RateLimits:{door}:PerAccount"] = "1000000";
        }
        // Race tests refuse hundreds of codes from one address and account; the tests of that limit lower it again.
        settings["PromoAttempts:PerAddress"] = "1000000";
        settings["PromoAttempts:PerAccount"] = "1000000";
        foreach (var (k, v) in DatabaseSettings?.Invoke(_database) ?? []) settings[k] = v;
        // A null setting drops the fixture's own, so the app's default applies.
        foreach (var (k, v) in Settings)
            if (v is null) settings.Remove(k);
            else settings[k] = v;
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter>(new ClientClockCookies(Clock));
            services.AddSingleton<IStartupFilter, TestPeerStartupFilter>();
            // Hashing demo passwords with production strength costs seconds per test class; tests don't need it.
            services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1000);
            ConfigureServices?.Invoke(services);
        });
    }

    /// <summary>
    /// Empties every table (but the data-protection key ring, which the running app keeps), restores the roles and
    /// forgets the cached catalog pages, so each test starts from a known state.
    /// </summary>
    public async Task ResetAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Clock.Reset();
        await db.Database.ExecuteSqlRawAsync(_truncateAll);
        await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedRolesAsync();
        ForgetStoreDirectory();
        Services.GetRequiredService<O2O.Application.Catalog.PopularProducts>().Invalidate();
        await Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(CatalogCachePolicy.Tag, default);
    }

    /// <summary>
    /// Tests add stores straight to the database, where the app's store directory (refreshed every 30 s, or at once by
    /// an admin edit) would not see them yet; the fixture refreshes it after each direct write, as an admin edit does.
    /// </summary>
    private void ForgetStoreDirectory() => Services.GetRequiredService<O2O.Application.Stores.StoreDirectory>().Invalidate();

    /// <summary>The demo stores, catalog and stock; <paramref name="withAccounts"/> adds the demo users (slower: password hashing).</summary>
    public async Task SeedDemoDataAsync(bool withAccounts = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoDataSeeder>();
        await seeder.SeedCatalogAsync();
        if (withAccounts) await seeder.SeedAccountsAsync();
        ForgetStoreDirectory();
    }

    /// <summary>The demo order history, relative to the test clock (on top of <see cref="SeedDemoDataAsync"/>).</summary>
    public async Task SeedDemoOrdersAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedOrderHistoryAsync();
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        ForgetStoreDirectory();
        return result;
    }

    public async Task WithDbAsync(Func<AppDbContext, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        ForgetStoreDirectory();
    }

    /// <summary>What the payment dispatcher does in the background (disabled in tests): sends every due payment command.</summary>
    public Task<int> DispatchPaymentsAsync() =>
        Services.GetRequiredService<O2O.Infrastructure.Payments.PaymentCommandDispatcher>().DispatchOnceAsync(default);

    public async Task<T> SendAsync<T>(Mediator.IRequest<T> request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(request);
    }

    public async Task<T> SendAsync<T>(Mediator.ICommand<T> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(command);
    }

    public async Task<T> SendAsync<T>(Mediator.IQuery<T> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(query);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        TestPools.Clear(ConnectionString);
        await _server.DisposeAsync();
    }
}

/// <summary>
/// The test server has no network peer; a request's <see cref="TestPeerHeader"/> plays the TCP peer's address, before
/// anything else runs (forwarded headers included), so tests can be several clients, proxies or strangers.
/// </summary>
internal sealed class TestPeerStartupFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string TestPeerHeader = "X-Test-Peer";

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (System.Net.IPAddress.TryParse(context.Request.Headers[TestPeerHeader].ToString(), out var peer))
                context.Connection.RemoteIpAddress = peer;
            return nextMiddleware(context);
        });
        next(app);
    };
}

[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<O2OApp>
{
    public const string Name = "database";
}

/// <summary>Base for tests that share the app and database: the data is reset before each test.</summary>
[Collection(DatabaseCollection.Name)]
public abstract class IntegrationTest(O2OApp app) : IAsyncLifetime
{
    protected O2OApp App { get; } = app;

    public virtual Task InitializeAsync() => App.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}

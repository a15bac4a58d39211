using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Infrastructure.Email;
using O2O.Infrastructure.Jobs;
using O2O.Infrastructure.Live;
using O2O.Application.Payments;
using O2O.Infrastructure.Payments;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using Stripe;
using O2O.Infrastructure.Data;
using O2O.Infrastructure.Data.Seed;
using O2O.Infrastructure.Identity;

namespace O2O.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "O2O";

    /// <summary>A streaming replica for the shopper reads that may lag; unset, they read the primary.</summary>
    public const string ReadOnlyConnectionStringName = "O2OReadOnly";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"The connection string 'ConnectionStrings:{ConnectionStringName}' is not set. " +
                "Set ConnectionStrings__O2O, or start the app with ./run.sh, which starts a local PostgreSQL.");

        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection("Database"));
        connectionString = WithPoolingDefaults(connectionString);
        // The primary's data source is the container's NpgsqlDataSource, which UseNpgsql() without a source finds there.
        // Passed to UseNpgsql, EF Core would build an internal service provider (and model) per connection string: one
        // per test database, past the twenty it refuses.
        services.AddSingleton(_ => NamedDataSource(DataSourceNames.Primary, connectionString));
        // Pooled contexts: a request rents a reset context instead of building one (ADR 12).
        services.AddDbContextPool<AppDbContext>(o => WithAppSettings(o.UseNpgsql(NpgsqlSettings)));
        services.AddScoped<IAppDbContext>(sp => sp.GetRequiredService<AppDbContext>());
        services.AddReadDatabase(configuration);
        // Instances are stateless: the data-protection keys live in PostgreSQL, so any instance can read the
        // cookies, antiforgery tokens and bearer tokens another one issued.
        services.AddDataProtection().SetApplicationName("O2O").PersistKeysToDbContext<AppDbContext>();

        services.AddIdentityApiEndpoints<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = 5;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddClaimsPrincipalFactory<AppUserClaimsFactory>();
        // A disabled account's cookies stop working within a minute, not the default half hour.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        // Bearer tokens too: their stamp is checked against the store every minute, like the cookie's.
        services.AddSingleton<BearerTokenRevalidation>();
        services.AddOptions<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>(IdentityConstants.BearerScheme)
            .Configure<BearerTokenRevalidation>((o, revalidation) => o.Events.OnMessageReceived = revalidation.OnMessageReceivedAsync);

        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<IAccountStore, AccountStore>();

        services.AddOptions<O2O.Application.Jobs.IdempotencyOptions>().Bind(configuration.GetSection(O2O.Application.Jobs.IdempotencyOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CheckoutOptions>().Bind(configuration.GetSection(CheckoutOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<CheckoutJobsWorker>();

        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmailTransport>();
        services.AddSingleton<O2O.Application.Marketing.IUnsubscribeTokens, DataProtectionUnsubscribeTokens>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddPayments(configuration);
        services.AddOptions<PaymentOptions>().Bind(configuration.GetSection(PaymentOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<PaymentCommandSender>();
        services.AddSingleton<PaymentCommandDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<PaymentCommandDispatcher>());
        services.AddLiveBoard(configuration, connectionString);
        return services;
    }

    /// <summary>The app's EF Core settings on a connection string: the tests' own, or a migration run straight to the database.</summary>
    public static DbContextOptionsBuilder UseAppDatabase(DbContextOptionsBuilder options, string connectionString) =>
        WithAppSettings(options.UseNpgsql(connectionString, NpgsqlSettings));

    private static void NpgsqlSettings(NpgsqlDbContextOptionsBuilder npgsql) => npgsql
        .MigrationsHistoryTable("__ef_migrations_history")
        .ExecutionStrategy(d => new ConnectRetryingExecutionStrategy(d));

    private static DbContextOptionsBuilder WithAppSettings(DbContextOptionsBuilder options) => options
        .UseSnakeCaseNamingConvention()
        .AddInterceptors(NulCharacterGuard.Instance)
        // A store's owned hours and closures are a handful of rows: one joined query beats three split ones.
        .ConfigureWarnings(w => w.Ignore(RelationalEventId.MultipleCollectionIncludeWarning));

    /// <summary>
    /// The shopper reads that may lag (<see cref="IReadDbContext"/>) go to a streaming replica when
    /// <c>ConnectionStrings:O2OReadOnly</c> is set, through a second context pool of the same model; else to the primary's
    /// context of the request. A multi-host string with <c>Target Session Attributes=prefer-standby</c> falls back to the
    /// primary while the replica is down (ADR 59).
    /// </summary>
    private static void AddReadDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var readOnly = configuration.GetConnectionString(ReadOnlyConnectionStringName);
        if (string.IsNullOrWhiteSpace(readOnly))
        {
            services.AddScoped<IReadDbContext>(sp => sp.GetRequiredService<AppDbContext>());
            return;
        }
        services.AddSingleton(_ =>
        {
            var dataSource = NamedDataSource(DataSourceNames.Replica, WithPoolingDefaults(readOnly));
            var options = new DbContextOptionsBuilder<AppDbContext>();
            WithAppSettings(options.UseNpgsql(dataSource, NpgsqlSettings)).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
            return new ReadReplicaContexts(dataSource, new PooledDbContextFactory<AppDbContext>(options.Options));
        });
        // The container disposes what the factory rents at the end of the request, which returns it to the pool.
        services.AddScoped<IReadDbContext>(sp => sp.GetRequiredService<ReadReplicaContexts>().Factory.CreateDbContext());
    }

    /// <summary>The replica's contexts and the data source they borrow from; the container disposes both with the app.</summary>
    private sealed record ReadReplicaContexts(NpgsqlDataSource DataSource, PooledDbContextFactory<AppDbContext> Factory) : IDisposable
    {
        public void Dispose() => DataSource.Dispose();
    }

    /// <summary>
    /// One data source, so one connection pool, per role for the life of the app, made by a singleton (the container
    /// disposes it, closing its connections). Its name is the pool's in Npgsql's metrics
    /// (<c>db.client.connection.pool.name</c>), where it would otherwise be the connection string: the primary, the replica
    /// behind a multi-host string and the listener on one host would be told apart by reading connection strings.
    /// </summary>
    public static NpgsqlDataSource NamedDataSource(string name, string connectionString) =>
        new NpgsqlDataSourceBuilder(connectionString) { Name = name }.Build();

    /// <summary>
    /// Npgsql settings for the app's hot paths, unless the connection string sets them (ADR 12): statements used
    /// often are prepared once per connection (PostgreSQL skips parse and plan); a connection returned to the pool
    /// is not reset with <c>DISCARD ALL</c>, since the app keeps no session state; and at most 32 connections per
    /// instance, because past a few per database core PostgreSQL only gets slower (a burst of 500 checkouts
    /// left 100 backends behind and every later request 15–30% slower on the bench machine).
    /// Behind PgBouncer in transaction mode, set <c>Max Auto Prepare=0</c> unless it tracks prepared statements.
    /// </summary>
    public static string WithPoolingDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(string keyword) => given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", ""), keyword, StringComparison.OrdinalIgnoreCase));
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Given("MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        if (!Given("NoResetOnClose")) builder.NoResetOnClose = true;
        if (!Given("MaximumPoolSize")) builder.MaxPoolSize = 32;
        return builder.ConnectionString;
    }

    private static void AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.Section))
            .Validate(o => !o.IsConfigured || !string.IsNullOrWhiteSpace(o.WebhookSecret),
                "Stripe:WebhookSecret is required when Stripe:SecretKey is set: payments are confirmed by signed webhooks only.")
            .ValidateOnStart();
        var stripe = configuration.GetSection(StripeOptions.Section).Get<StripeOptions>() ?? new StripeOptions();
        if (stripe.IsConfigured)
        {
            services.AddSingleton<IStripeClient>(sp => StripePaymentGateway.CreateClient(sp.GetRequiredService<IOptions<StripeOptions>>()));
            services.AddSingleton<IPaymentGateway, StripePaymentGateway>();
        }
        else
        {
            services.AddSingleton<IPaymentGateway, SimulatedPaymentGateway>();
        }
    }
}

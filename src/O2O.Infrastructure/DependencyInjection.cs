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
        // Pooled contexts: a request rents a reset context instead of building one (ADR 12).
        services.AddDbContextPool<AppDbContext>(o => UseAppDatabase(o, connectionString));
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

    /// <summary>The app's EF Core settings on a connection string: the primary's, a replica's, or the tests' own.</summary>
    public static DbContextOptionsBuilder UseAppDatabase(DbContextOptionsBuilder options, string connectionString) => options
        .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history")
            .ExecutionStrategy(d => new ConnectRetryingExecutionStrategy(d)))
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
        var options = new DbContextOptionsBuilder<AppDbContext>();
        UseAppDatabase(options, WithPoolingDefaults(readOnly)).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        services.AddSingleton(new ReadReplicaContexts(new PooledDbContextFactory<AppDbContext>(options.Options)));
        // The container disposes what the factory rents at the end of the request, which returns it to the pool.
        services.AddScoped<IReadDbContext>(sp => sp.GetRequiredService<ReadReplicaContexts>().Factory.CreateDbContext());
    }

    private sealed record ReadReplicaContexts(PooledDbContextFactory<AppDbContext> Factory);

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

using Npgsql;
using O2O.IntegrationTests.Infrastructure;
using O2O.IntegrationTests.Payments;

namespace O2O.IntegrationTests.Faults;

/// <summary>
/// What the fault suite shares: its own PostgreSQL cluster (one it may stop and start), a fake Stripe, and a template
/// database that the app's own `migrate` command built. Each test copies the template into a fresh database, so no
/// test sees another's rows and none shares the in-process <see cref="O2OApp"/> fixture's database.
/// </summary>
public sealed class FaultEnvironment : IAsyncLifetime
{
    public const string WebhookSecret = "whsec_faults";
    private const string TemplateDatabase = "o2o_faults_template";

    public PostgresServer Postgres { get; private set; } = null!;
    public FakeStripeServer Stripe { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartLocalAsync();
        Stripe = await FakeStripeServer.StartAsync();
        await ExecuteAsync($"CREATE DATABASE {TemplateDatabase}");
        var (exitCode, log) = await AppProcess.RunCommandAsync(
            new Dictionary<string, string> { ["ConnectionStrings:O2O"] = ConnectionStringFor(TemplateDatabase), ["Serilog:MinimumLevel:Default"] = "Warning" },
            "migrate");
        exitCode.ShouldBe(0, log);
        TestPools.Clear(Postgres.ConnectionString, ConnectionStringFor(TemplateDatabase));
    }

    /// <summary>A new database with the migrated schema and the roles, for one test.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = $"o2o_fault_{Guid.NewGuid():N}"[..26];
        await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {TemplateDatabase}");
        return ConnectionStringFor(name);
    }

    /// <summary>
    /// The app's own pool defaults apply (32 per instance); a short connection timeout makes an outage fail a request
    /// quickly instead of after Npgsql's 15 s.
    /// </summary>
    private string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(Postgres.ConnectionString) { Database = database, MaxPoolSize = 32, Timeout = 5 }.ConnectionString;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (Postgres is not null) TestPools.Clear(Postgres.ConnectionString);
        if (Stripe is not null) await Stripe.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultEnvironment>
{
    public const string Name = "faults";
}

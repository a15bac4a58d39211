using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using O2O.Infrastructure.Data;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Security;

/// <summary>A second app pointed at a port where no PostgreSQL listens: the database is down, not the request wrong.</summary>
public sealed class DatabaseUnavailableTests(O2OApp app) : IntegrationTest(app)
{
    private WebApplicationFactory<Program> Unreachable() => App.WithWebHostBuilder(b =>
        b.UseSetting("ConnectionStrings:O2O", $"Host=127.0.0.1;Port={ClosedPort()};Database=o2o;Username=o2o;Password=o2o;Timeout=2"));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task TheApi_WhenPostgresRefusesConnections_Answers503WithRetryAfter()
    {
        await using var down = Unreachable();
        var response = await down.CreateClient().GetAsync($"/api/v1/stores/{Guid.NewGuid()}");

        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem["title"]!.GetValue<string>().ShouldContain("try again in a moment");
        response.Headers.RetryAfter.ShouldNotBeNull();
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task APage_WhenPostgresRefusesConnections_Is503_AndSaysTryAgainInAMoment()
    {
        await using var down = Unreachable();
        var response = await down.CreateClient().GetAsync("/stores");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.ShouldNotBeNull();
        (await response.Content.ReadAsStringAsync()).ShouldContain("try again in a moment");
    }

    [Fact]
    public async Task APostgresStillStartingUp_IsRetriedTwice_ThenAnswered503()
    {
        await using var postgres = StartingUpPostgres.Start();
        var connectionString = $"Host=127.0.0.1;Port={postgres.Port};Database=o2o;Username=o2o;Password=o2o;SSL Mode=Disable;Pooling=false";
        // One plain open, to learn how many connections Npgsql itself makes for one attempt.
        await using (var direct = new NpgsqlConnection(connectionString))
            (await Should.ThrowAsync<PostgresException>(() => direct.OpenAsync())).SqlState.ShouldBe(PostgresErrorCodes.CannotConnectNow);
        var perAttempt = postgres.Connections;
        perAttempt.ShouldBeGreaterThan(0);

        await using var starting = App.WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:O2O", connectionString)
            // The live board's listener would connect (and retry) in the background too.
            .UseSetting("LiveBoard:Enabled", "false")
            // The key ring would otherwise start loading from the database in the background as the host starts,
            // and its attempts would mix with the request's.
            .ConfigureServices(services =>
            {
                foreach (var keyRing in services.Where(d => d.ImplementationType?.Name == "DataProtectionHostedService").ToList()) services.Remove(keyRing);
            }));

        var client = starting.CreateClient();
        var atStart = postgres.Connections;
        var response = await client.GetAsync($"/api/v1/products/{Guid.NewGuid()}");

        await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.ShouldNotBeNull();
        // The request's one query: its first attempt and the strategy's retries, since a refused connection ran nothing.
        (postgres.Connections - atStart).ShouldBe(perAttempt * (1 + ConnectRetryingExecutionStrategy.MaxRetries));
    }

    [Theory]
    [InlineData(PostgresErrorCodes.CannotConnectNow)]
    [InlineData(PostgresErrorCodes.TooManyConnections)]
    [InlineData(PostgresErrorCodes.AdminShutdown)]
    public void APostgresThatRefusesToServe_IsTransient_AndSafeToRetry(string sqlState)
    {
        var refused = new PostgresException("the database system is starting up", "FATAL", "FATAL", sqlState);
        DatabaseFailures.IsTransient(refused).ShouldBeTrue();
        DatabaseFailures.IsConnectFailure(refused).ShouldBeTrue();
        DatabaseFailures.IsTransient(new InvalidOperationException("wrapped by EF", refused)).ShouldBeTrue();
    }

    [Fact]
    public void AFailureMidStatement_IsTransient_ButNeverRetriedAutomatically()
    {
        var reset = new NpgsqlException("Exception while reading from stream", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)));
        DatabaseFailures.IsTransient(reset).ShouldBeTrue();
        DatabaseFailures.IsConnectFailure(reset).ShouldBeFalse();
        DatabaseFailures.IsTransient(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)).ShouldBeFalse();
    }
}

using Npgsql;
using O2O.IntegrationTests.Faults;

namespace O2O.IntegrationTests.ScaleOut;

/// <summary>The instances behind a load balancer share one data-protection key ring, in PostgreSQL.</summary>
public sealed class KeyRingTests(ScaleApp fixture) : ScaleTest(fixture)
{
    [ScaleFact]
    public async Task Migrate_MakesTheKeyRingsFirstKey_SoInstancesStartedTogetherShareIt()
    {
        var database = $"o2o_keys_{Guid.NewGuid():N}"[..24];
        await using (var admin = new NpgsqlConnection(Cluster.PrimaryFor("postgres")))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
        }

        var (exitCode, log) = await AppProcess.RunCommandAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:O2O"] = Cluster.PrimaryFor(database),
            ["Serilog:MinimumLevel:Default"] = "Warning",
        }, "migrate");

        exitCode.ShouldBe(0, log);
        await using var db = new NpgsqlConnection(Cluster.PrimaryFor(database));
        await db.OpenAsync();
        ((long)(await new NpgsqlCommand("SELECT count(*) FROM data_protection_keys", db).ExecuteScalarAsync())!).ShouldBe(1);
    }
}

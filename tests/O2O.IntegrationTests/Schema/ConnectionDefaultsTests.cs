using Npgsql;
using O2O.Infrastructure;

namespace O2O.IntegrationTests.Schema;

/// <summary>The connection settings the app adds (ADR 12), and that an operator's own settings always win.</summary>
public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void ABareConnectionString_GetsPreparedStatements_NoResetOnClose_AndASmallPool()
    {
        var built = new NpgsqlConnectionStringBuilder(DependencyInjection.WithPoolingDefaults("Host=db;Database=o2o;Username=app"));

        built.MaxAutoPrepare.ShouldBe(64);
        built.NoResetOnClose.ShouldBeTrue();
        built.MaxPoolSize.ShouldBe(32);
        built.Host.ShouldBe("db");
    }

    [Theory]
    [InlineData("Max Auto Prepare=0")] // behind PgBouncer in transaction mode
    [InlineData("MaxAutoPrepare=0")]
    public void AnExplicitSetting_IsKept(string setting)
    {
        var built = new NpgsqlConnectionStringBuilder(DependencyInjection.WithPoolingDefaults(
            $"Host=db;Database=o2o;Username=app;{setting};No Reset On Close=false;Maximum Pool Size=200"));

        built.MaxAutoPrepare.ShouldBe(0);
        built.NoResetOnClose.ShouldBeFalse();
        built.MaxPoolSize.ShouldBe(200);
    }
}

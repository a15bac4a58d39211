using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.ScaleOut;

/// <summary>
/// The app as a retailer would run it past one box: its connections go through PgBouncer in transaction mode
/// (<c>Max Auto Prepare=0</c>), the live board listens on the primary directly (<c>O2OListen</c>), the shopper reads
/// that may lag come from the streaming replica (<c>O2OReadOnly</c>), and the migrations run on the primary directly.
/// One set of processes for every scale test, so the category stays cheap.
/// </summary>
public sealed class ScaleApp : IAsyncLifetime
{
    public ScaleCluster Cluster { get; private set; } = null!;
    public O2OApp App { get; } = new();

    public async Task InitializeAsync()
    {
        if (ScaleCluster.Missing() is not null) return; // every test of the category is skipped, with the reason
        Cluster = await ScaleCluster.StartAsync();
        App.StartDatabaseServer = () => Task.FromResult(Cluster.Primary);
        App.DatabaseSettings = database => Settings(database);
        await App.InitializeAsync();
        await Cluster.WaitForReplicaAsync();
    }

    /// <summary>The connection settings of an app instance of this topology, for the test database.</summary>
    public Dictionary<string, string?> Settings(string database) => new()
    {
        ["ConnectionStrings:O2O"] = Cluster.PgBouncerFor(database),
        ["ConnectionStrings:O2OListen"] = Cluster.PrimaryFor(database),
        ["ConnectionStrings:O2OReadOnly"] = Cluster.ReplicaFor(database),
    };

    public string Database => new Npgsql.NpgsqlConnectionStringBuilder(App.ConnectionString).Database!;

    public async Task DisposeAsync()
    {
        if (Cluster is null) return;
        // The app's pools first, then the processes under them; the primary is the cluster's to stop.
        await ((IAsyncLifetime)App).DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ScaleCollection : ICollectionFixture<ScaleApp>
{
    public const string Name = "scale";
}

/// <summary>
/// A test of the scale path: it needs pgbouncer, nginx and the PostgreSQL server binaries, and is skipped, saying which
/// is missing, only where one is not installed (CI installs them).
/// </summary>
public sealed class ScaleFactAttribute : FactAttribute
{
    public ScaleFactAttribute()
    {
        if (ScaleCluster.Missing() is { } reason) Skip = reason;
    }
}

[Collection(ScaleCollection.Name)]
[Trait("Category", "Scale")]
public abstract class ScaleTest(ScaleApp fixture) : IAsyncLifetime
{
    protected ScaleApp Scale { get; } = fixture;
    protected O2OApp App => Scale.App;
    protected ScaleCluster Cluster => Scale.Cluster;

    public virtual async Task InitializeAsync()
    {
        if (Scale.Cluster is null) return;
        await App.ResetAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;
}

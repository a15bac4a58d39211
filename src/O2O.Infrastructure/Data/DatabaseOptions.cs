namespace O2O.Infrastructure.Data;

public sealed class DatabaseOptions
{
    /// <summary>Apply pending migrations when the app starts. On in Development, off elsewhere (use `migrate`).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Load the demo catalog, stores and accounts when the database is empty.</summary>
    public bool SeedDemoData { get; set; }
}

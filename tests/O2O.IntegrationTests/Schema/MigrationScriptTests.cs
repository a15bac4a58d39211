using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using O2O.Infrastructure.Data;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Schema;

/// <summary>
/// The script an operator applies by hand (<c>dotnet ef migrations script --idempotent</c>): the migrations' own SQL
/// wrapped in <c>DO</c> blocks, so a raw statement that is fine for <c>migrate</c> can still break it.
/// </summary>
public sealed class MigrationScriptTests(O2OApp app) : IntegrationTest(app)
{
    [Fact]
    public async Task TheIdempotentScript_BuildsAnEmptyDatabase_AndAppliedAgainChangesNothing()
    {
        var (script, migrations) = IdempotentScript();
        var database = $"o2o_script_{Guid.NewGuid():N}"[..26];
        var server = new NpgsqlConnectionStringBuilder(App.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        var fresh = new NpgsqlConnectionStringBuilder(App.ConnectionString) { Database = database, Pooling = false }.ConnectionString;
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        try
        {
            await ExecuteAsync(fresh, script);
            var schema = await SchemaAsync(fresh);
            await ExecuteAsync(fresh, script);

            (await SchemaAsync(fresh)).ShouldBe(schema);
            (await ScalarAsync(fresh, "SELECT count(*) FROM __ef_migrations_history")).ShouldBe((long)migrations);
        }
        finally
        {
            await ExecuteAsync(server, $"DROP DATABASE {database} WITH (FORCE)");
        }
    }

    /// <summary>Generated as the ef tool does, from the model alone: no connection is opened.</summary>
    private static (string Script, int Migrations) IdempotentScript()
    {
        var options = (DbContextOptionsBuilder<AppDbContext>)O2O.Infrastructure.DependencyInjection
            .UseAppDatabase(new DbContextOptionsBuilder<AppDbContext>(), "Host=unused;Database=unused");
        using var db = new AppDbContext(options.Options);
        return (db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent), db.Database.GetMigrations().Count());
    }

    /// <summary>Every column, constraint and index of the public schema, in a fixed order.</summary>
    private static async Task<string> SchemaAsync(string connectionString)
    {
        const string sql = """
            SELECT string_agg(line, E'\n' ORDER BY line) FROM (
                SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line
                FROM information_schema.columns WHERE table_schema = 'public'
                UNION ALL SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
                UNION ALL SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal) AS s
            """;
        return (string)(await ScalarAsync(connectionString, sql))!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

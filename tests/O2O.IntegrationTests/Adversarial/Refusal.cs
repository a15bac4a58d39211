using System.Net;
using Microsoft.EntityFrameworkCore;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Adversarial;

/// <summary>What every refused attack must show: a clean error, and a database exactly as it was.</summary>
public static class Refusal
{
    private static readonly string[] Leaks = ["   at O2O.", "   at Microsoft.", "   at System.", "Npgsql", "SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "duplicate key"];

    /// <summary>
    /// One hash per table (every row as text, in order), so a test can say which table an attack changed.
    /// The data-protection key ring and the migrations history are the app's own, not data an attack may touch.
    /// </summary>
    public static Task<Dictionary<string, string>> FingerprintAsync(this O2OApp app) => app.WithDbAsync(async db =>
    {
        var tables = await db.Database.SqlQueryRaw<string>(
                "SELECT quote_ident(tablename) AS \"Value\" FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('__ef_migrations_history', 'data_protection_keys') ORDER BY 1")
            .ToListAsync();
        var hashes = new Dictionary<string, string>();
        foreach (var table in tables)
#pragma warning disable EF1003 // the table names come from pg_tables, quoted by quote_ident
            hashes[table] = await db.Database.SqlQueryRaw<string>(
                "SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), 'empty') AS \"Value\" FROM " + table + " t").SingleAsync();
#pragma warning restore EF1003
        return hashes;
    });

    public static void ShouldBeUnchangedFrom(this Dictionary<string, string> after, Dictionary<string, string> before) =>
        after.Where(t => before[t.Key] != t.Value).Select(t => t.Key).ShouldBeEmpty("These tables changed");

    /// <summary>The answer is one of the expected refusals, and shows no stack trace or SQL.</summary>
    public static async Task<string> ShouldBeRefusedAsync(this HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        expected.ShouldContain(response.StatusCode, $"{(int)response.StatusCode}: {(body.Length > 1000 ? body[..1000] : body)}");
        foreach (var leak in Leaks) body.ShouldNotContain(leak, Case.Sensitive);
        return body;
    }
}

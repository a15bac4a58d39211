using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace O2O.Bench;

public sealed record PgBenchResult(double Tps, double LatencyAvgMs, long Transactions, long Failed)
{
    public string Line() => $"pgbench place_order.sql: {Tps:N1} tps, latency avg {LatencyAvgMs:N2} ms, {Transactions:N0} transactions, {Failed} failed";
}

/// <summary>Runs bench/pgbench/place_order.sql with pgbench against the same database: the raw-SQL ceiling.</summary>
public static partial class PgBench
{
    /// <summary><paramref name="throughPgBouncer"/>: its connection string; PgBouncer 1.18 in transaction mode keeps no prepared statement.</summary>
    public static async Task<PgBenchResult> RunAsync(BenchOptions o, string logPath, string? throughPgBouncer = null)
    {
        var cs = new NpgsqlConnectionStringBuilder(throughPgBouncer ?? o.Db);
        var psi = new ProcessStartInfo(o.PgbenchPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "-n", "-M", throughPgBouncer is null ? "prepared" : "extended", "-c", o.Shoppers.ToString(CultureInfo.InvariantCulture), "-j", "2",
                     "-T", o.DurationSeconds.ToString(CultureInfo.InvariantCulture), "-f", o.PgbenchScript,
                     "-D", $"nstores={o.Stores}", "-D", $"nproducts={o.Products}", "-D", "n=0",
                     "-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username ?? "postgres", cs.Database!,
                 })
            psi.ArgumentList.Add(a);
        if (!string.IsNullOrEmpty(cs.Password)) psi.Environment["PGPASSWORD"] = cs.Password;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start pgbench.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var output = await stdout + await stderr;
        await File.WriteAllTextAsync(logPath, output);
        var tps = Tps().Match(output);
        if (p.ExitCode != 0 || !tps.Success) throw new InvalidOperationException($"pgbench failed (exit {p.ExitCode}); see {logPath}.");
        var latency = Latency().Match(output);
        var processed = Processed().Match(output);
        var failed = Failed().Match(output);
        return new PgBenchResult(
            double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN,
            processed.Success ? long.Parse(processed.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            failed.Success ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex Latency();

    [GeneratedRegex(@"number of transactions actually processed: (\d+)")]
    private static partial Regex Processed();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex Failed();
}

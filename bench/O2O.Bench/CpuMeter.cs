using System.Diagnostics;
using System.Globalization;

namespace O2O.Bench;

/// <summary>
/// Where the CPU went during a scenario, in cores: the app instances, this load driver, the benchmark's PostgreSQL
/// (the postmaster's child processes), and the rest of the machine, which is other people's work on a shared host.
/// Linux only; elsewhere it reports nothing.
/// </summary>
public sealed class CpuMeter(Func<IReadOnlyList<int>> appPids, int? postmasterPid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public sealed record Snapshot(double MachineBusy, double MachineTotal, double App, double Driver, double Postgres, long Timestamp);

    public sealed record Usage(double App, double Driver, double Postgres, double Other, double Idle)
    {
        public string Line() =>
            $"CPU cores used: app {App:F2}, load driver {Driver:F2}, PostgreSQL {Postgres:F2}, rest of the machine {Other:F2}, idle {Idle:F2}";
    }

    public static bool Available => File.Exists("/proc/stat");

    public Snapshot? Take()
    {
        if (!Available) return null;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Take(8).Sum();
        var app = appPids().Sum(pid => Stat(pid)?.Ticks ?? 0);
        double postgres = 0;
        if (postmasterPid is { } postmaster)
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
                if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat && (stat.Parent == postmaster || pid == postmaster))
                    postgres += stat.Ticks;
        var driver = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds * TicksPerSecond;
        return new Snapshot(total - idle, total, app, driver, postgres, Stopwatch.GetTimestamp());
    }

    /// <summary>utime + stime and the parent pid of a process, from /proc/pid/stat; null when it has gone.</summary>
    private static (double Ticks, int Parent)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (double.Parse(rest[11], CultureInfo.InvariantCulture) + double.Parse(rest[12], CultureInfo.InvariantCulture),
                int.Parse(rest[1], CultureInfo.InvariantCulture));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>The postmaster of a local database is the parent of the backend serving this connection.</summary>
    public static async Task<int?> FindPostmasterAsync(Npgsql.NpgsqlDataSource db)
    {
        if (!Available) return null;
        await using var cmd = db.CreateCommand("SELECT pg_backend_pid()");
        var backend = (int)(await cmd.ExecuteScalarAsync())!;
        return Stat(backend)?.Parent;
    }

    public static Usage? Between(Snapshot? a, Snapshot? b)
    {
        if (a is null || b is null) return null;
        var seconds = (b.Timestamp - a.Timestamp) / (double)Stopwatch.Frequency;
        double Cores(double ticks) => ticks / TicksPerSecond / seconds;
        var busy = Cores(b.MachineBusy - a.MachineBusy);
        var all = Cores(b.MachineTotal - a.MachineTotal);
        var app = Cores(b.App - a.App);
        var driver = Cores(b.Driver - a.Driver);
        var postgres = Cores(b.Postgres - a.Postgres);
        return new Usage(app, driver, postgres, Math.Max(0, busy - app - driver - postgres), Math.Max(0, all - busy));
    }
}

using System.Diagnostics;
using System.Globalization;

namespace O2O.Bench;

/// <summary>
/// Where the CPU went during a scenario, in cores: the app instances, this load driver, and everything else
/// (PostgreSQL, pgbench, and any other work on the machine). Linux only; elsewhere it reports nothing.
/// </summary>
public sealed class CpuMeter(Func<IReadOnlyList<int>> appPids)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public sealed record Snapshot(double MachineBusy, double MachineTotal, double App, double Driver, long Timestamp);

    public sealed record Usage(double App, double Driver, double Other, double Idle)
    {
        public string Line() => $"CPU cores used: app {App:F2}, load driver {Driver:F2}, PostgreSQL and the rest {Other:F2}, idle {Idle:F2}";
    }

    public static bool Available => File.Exists("/proc/stat");

    public Snapshot? Take()
    {
        if (!Available) return null;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Take(8).Sum();
        double app = 0;
        foreach (var pid in appPids())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                app += double.Parse(rest[11], CultureInfo.InvariantCulture) + double.Parse(rest[12], CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
        }
        var driver = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds * TicksPerSecond;
        return new Snapshot(total - idle, total, app, driver, Stopwatch.GetTimestamp());
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
        return new Usage(app, driver, Math.Max(0, busy - app - driver), Math.Max(0, all - busy));
    }
}

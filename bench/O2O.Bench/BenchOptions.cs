using System.Globalization;

namespace O2O.Bench;

/// <summary>Command-line flags. Every size and duration is a flag so a quick run and the full run use the same tool.</summary>
public sealed class BenchOptions
{
    public string Db { get; private set; } = Environment.GetEnvironmentVariable("O2O_BENCH_DB") ?? "";
    public int Stores { get; private set; } = 1000;
    public int Products { get; private set; } = 10_000;
    public bool Regenerate { get; private set; }
    public bool GenerateOnly { get; private set; }
    public int Instances { get; private set; } = 1;
    public int Shoppers { get; private set; } = 32;
    public int DurationSeconds { get; private set; } = 10;
    public int WarmupSeconds { get; private set; } = 10;
    public int RaceShoppers { get; private set; } = 500;
    public int RaceUnits { get; private set; } = 100;
    public int Runs { get; private set; } = 1;
    public bool JobsEnabled { get; private set; }
    public bool WarmRun { get; private set; } = true;
    public bool SkipPgbench { get; private set; }
    public bool SkipHello { get; private set; }
    public bool Explain { get; private set; } = true;

    /// <summary>pgbench a second time with the orders table's NOTIFY trigger disabled: what the live board costs checkout.</summary>
    public bool NotifyCost { get; private set; } = true;

    /// <summary>Orders on the pickup board's store for its local day (scenario "board").</summary>
    public int BoardOrders { get; private set; } = 1000;

    /// <summary>Items in one stock sync batch (scenario "sync"), sent while checkout runs at full load.</summary>
    public int SyncItems { get; private set; } = 10_000;
    public int BasePort { get; private set; } = 5180;

    /// <summary>The app (and pgbench) through PgBouncer in transaction mode, <see cref="PgBouncerPool"/> server connections.</summary>
    public bool PgBouncer { get; private set; }
    public int PgBouncerPool { get; private set; } = 20;

    /// <summary>Two or more instances are reached through nginx round robin, as behind a load balancer (off: the driver spreads the load).</summary>
    public bool Nginx { get; private set; } = true;
    public string WebDll { get; private set; } = "";
    public string HelloDll { get; private set; } = "";
    public string PgbenchPath { get; private set; } = "";
    public string PgbenchScript { get; private set; } = "";
    public string AvailabilitySql { get; private set; } = "";
    public string OutDir { get; private set; } = "bench/.out";
    public IReadOnlySet<string> Scenarios { get; private set; } = AllScenarios;

    public static readonly IReadOnlySet<string> AllScenarios = new HashSet<string> { "place", "race", "availability", "pages", "board", "sync", "hello" };

    public bool Includes(string scenario) => Scenarios.Contains(scenario);

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--db": o.Db = Next(); break;
                case "--stores": o.Stores = NextInt(); break;
                case "--products": o.Products = NextInt(); break;
                case "--regenerate": o.Regenerate = true; break;
                case "--generate-only": o.GenerateOnly = true; break;
                case "--instances": o.Instances = NextInt(); break;
                case "--shoppers": o.Shoppers = NextInt(); break;
                case "--duration": o.DurationSeconds = NextInt(); break;
                case "--warmup": o.WarmupSeconds = NextInt(); break;
                case "--race-shoppers": o.RaceShoppers = NextInt(); break;
                case "--race-units": o.RaceUnits = NextInt(); break;
                case "--runs": o.Runs = NextInt(); break;
                case "--jobs": o.JobsEnabled = true; break;
                case "--no-warm-run": o.WarmRun = false; break;
                case "--skip-pgbench": o.SkipPgbench = true; break;
                case "--skip-hello": o.SkipHello = true; break;
                case "--no-explain": o.Explain = false; break;
                case "--skip-notify-cost": o.NotifyCost = false; break;
                case "--board-orders": o.BoardOrders = NextInt(); break;
                case "--sync-items": o.SyncItems = NextInt(); break;
                case "--base-port": o.BasePort = NextInt(); break;
                case "--pgbouncer": o.PgBouncer = true; break;
                case "--pgbouncer-pool": o.PgBouncerPool = NextInt(); break;
                case "--no-nginx": o.Nginx = false; break;
                case "--web-dll": o.WebDll = Next(); break;
                case "--hello-dll": o.HelloDll = Next(); break;
                case "--pgbench": o.PgbenchPath = Next(); break;
                case "--pgbench-script": o.PgbenchScript = Next(); break;
                case "--availability-sql": o.AvailabilitySql = Next(); break;
                case "--out": o.OutDir = Next(); break;
                case "--scenarios":
                    o.Scenarios = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
                    if (o.Scenarios.Except(AllScenarios).FirstOrDefault() is { } unknown)
                        throw new ArgumentException($"Unknown scenario {unknown}: the scenarios are {string.Join(",", AllScenarios)}.");
                    break;
                default: throw new ArgumentException($"Unknown flag {args[i]}. See docs/benchmarks.md.");
            }
        }
        if (string.IsNullOrWhiteSpace(o.Db)) throw new ArgumentException("No database: pass --db or set O2O_BENCH_DB.");
        if (o.Stores < 1 || o.Products < 1) throw new ArgumentException("--stores and --products must be at least 1.");
        if (o.SyncItems is < 1 or > 10_000) throw new ArgumentException("--sync-items is 1 to 10,000 (the API's limit per batch).");
        if (o.Instances is < 1 or > 8) throw new ArgumentException("--instances is 1 to 8.");
        return o;
    }
}

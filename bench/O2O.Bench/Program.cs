using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Npgsql;
using O2O.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchOptions o;
try { o = BenchOptions.Parse(args); }
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

Directory.CreateDirectory(o.OutDir);
await using var source = NpgsqlDataSource.Create(o.Db);
var db = new BenchDatabase(source);

if (o.Regenerate || !await DataGenerator.IsPresentAsync(source, o.Stores, o.Products))
    await DataGenerator.GenerateAsync(source, o.Stores, o.Products);
else
    Console.WriteLine($"Data set present: {o.Stores:N0} stores × {o.Products:N0} products (pass --regenerate to rebuild it).");
if (o.GenerateOnly) return 0;

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
                  $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}");
Console.WriteLine($"Load: {o.Shoppers} shoppers, {o.WarmupSeconds} s warm-up + {o.DurationSeconds} s per scenario, {o.Instances} app instance(s)" +
                  $"{(o.PgBouncer ? " through PgBouncer" : "")}{(o.Instances > 1 && o.Nginx ? " behind nginx" : "")}, " +
                  $"{o.Runs} run(s); race {o.RaceShoppers} shoppers for {o.RaceUnits} units");

var appEnv = new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["ConnectionStrings__O2O"] = o.Db,
    ["Jobs__Enabled"] = o.JobsEnabled ? "true" : "false",
    ["Database__MigrateOnStartup"] = "false",
    ["Serilog__MinimumLevel__Default"] = "Warning",
    ["Serilog__MinimumLevel__Override__Microsoft.AspNetCore"] = "Warning",
    ["Serilog__MinimumLevel__Override__Microsoft.EntityFrameworkCore"] = "Warning",
};
// The load comes from one address at a rate no shopper reaches; the production limits would refuse nearly all of it.
foreach (var door in new[] { "SignIn", "Register", "PasswordReset", "PlaceOrder", "OrderRead", "PickupCode", "DeskLookup" })
{
    appEnv[$"RateLimits__{door}__PerAddress"] = "1000000000";
    appEnv[$"RateLimits__{door}__PerAccount"] = "1000000000";
}

var apps = new List<AppHost>();
var hellos = new List<AppHost>();
var proxies = new List<Proxy>();
string? pgBouncerDb = null;
try
{
    if (o.PgBouncer)
    {
        var (pgBouncer, throughPgBouncer) = await Proxy.PgBouncerAsync(o.Db, o.BasePort + 200, o.PgBouncerPool);
        proxies.Add(pgBouncer);
        pgBouncerDb = throughPgBouncer;
        appEnv["ConnectionStrings__O2O"] = throughPgBouncer;
        appEnv["ConnectionStrings__O2OListen"] = o.Db; // LISTEN needs a session: straight to PostgreSQL
        Console.WriteLine($"PgBouncer (transaction mode, {o.PgBouncerPool} server connections) at {pgBouncer}: the app and pgbench go through it.");
    }
    for (var i = 0; i < o.Instances; i++)
        apps.Add(await AppHost.StartAsync(o.WebDll, o.BasePort + i, appEnv, Path.Combine(o.OutDir, $"app{i + 1}.log"), "/health/ready"));
    if (!o.SkipHello && o.Includes("hello"))
        for (var i = 0; i < o.Instances; i++)
            hellos.Add(await AppHost.StartAsync(o.HelloDll, o.BasePort + 100 + i,
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Logging__LogLevel__Default"] = "Warning" },
                Path.Combine(o.OutDir, $"hello{i + 1}.log"), "/"));
    Console.WriteLine($"App: {string.Join(", ", apps.Select(a => a.BaseUrl))}" +
                      (hellos.Count > 0 ? $"; hello world: {string.Join(", ", hellos.Select(h => h.BaseUrl))}" : ""));
    var appUrls = apps.Select(a => a.BaseUrl).ToList();
    var helloUrls = hellos.Select(h => h.BaseUrl).ToList();
    if (o.Nginx && apps.Count > 1)
    {
        var nginx = await Proxy.NginxAsync(o.BasePort + 300, hellos.Count > 0 ? [appUrls, helloUrls] : [appUrls]);
        proxies.Add(nginx);
        appUrls = [$"http://127.0.0.1:{nginx.Port}"];
        helloUrls = hellos.Count > 0 ? [$"http://127.0.0.1:{nginx.Port + 1}"] : [];
        Console.WriteLine($"nginx round robin at {nginx}: app {appUrls[0]}" + (hellos.Count > 0 ? $", hello world {helloUrls[0]}" : "") +
                          " (--no-nginx: the driver spreads the load itself)");
    }

    using var http = new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1024,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false, // every virtual shopper is a first-time visitor unless a scenario sends a cookie itself
    }) { Timeout = TimeSpan.FromSeconds(60) };
    // "App" CPU is the O2O instances, or the hello-world instances while those are measured.
    var measured = apps;
    var driver = new LoadDriver(http, new CpuMeter(() => measured.Select(a => a.Pid).ToList(), await CpuMeter.FindPostmasterAsync(source)), db);
    var appTargets = new Targets(appUrls);
    var helloTargets = new Targets(helloUrls);
    var scenarios = new Scenarios(driver, appTargets, o, db);
    if (o.Includes("board") || o.Includes("sync"))
    {
        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
        await BenchAdmin.EnsureAsync(source, password);
        scenarios.Admin = await BenchAdmin.SignInAsync(http, appUrls[0], password);
    }

    var runs = new List<RunResult>();
    // Run 0 warms the app up and is not counted: the runtime keeps recompiling hot methods at a higher tier for about
    // a minute of load, and a shop's server has been up for days, not seconds (ADR 12).
    for (var run = o.WarmRun ? 0 : 1; run <= o.Runs; run++)
    {
        // The CPU may be shared with other work; the load average says how busy the machine was when the run began.
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "n/a";
        Console.WriteLine(run == 0
            ? $"\n== Warm-up run, not counted ({DateTime.UtcNow:HH:mm:ss} UTC, load average {load}) =="
            : $"\n== Run {run}/{o.Runs} ({DateTime.UtcNow:HH:mm:ss} UTC, load average {load}) ==");
        await db.ResetAsync();
        var results = new List<ScenarioResult>();
        if (o.Includes("place")) results.AddRange(await scenarios.PlaceOrderAsync());
        var race = o.Includes("race") ? await scenarios.HotSkuRaceAsync() : null;
        if (o.Includes("availability")) results.AddRange(await scenarios.AvailabilityAsync());
        if (o.Includes("pages")) results.AddRange(await scenarios.PagesAsync());
        if (o.Includes("board")) results.AddRange(await scenarios.BoardAsync());
        var sync = o.Includes("sync") && o.Includes("place") ? await scenarios.StockSyncUnderLoadAsync() : null;
        if (sync is not null) results.Add(sync.Checkout);
        measured = hellos;
        if (hellos.Count > 0 && o.Includes("hello"))
            results.Add(await driver.RunAsync("hello world GET / (Kestrel)", o.Shoppers, TimeSpan.FromSeconds(o.WarmupSeconds),
                TimeSpan.FromSeconds(o.DurationSeconds), (h, _) => LoadDriver.GetAsync(h, helloTargets.Next() + "/")));

        measured = apps;
        // The invariants are checked after the app's scenarios, before pgbench adds its own orders.
        var invariants = await db.InvariantsAsync();
        Console.WriteLine("  " + invariants.Line());
        var (exit, output) = await AppHost.RunCommandAsync(o.WebDll, "check-invariants", appEnv);
        Console.WriteLine($"  app check-invariants (exit {exit}): {output.Split('\n').LastOrDefault(l => l.StartsWith("Checked", StringComparison.Ordinal)) ?? output}");

        PgBenchResult? pg = null, pgWithoutNotify = null;
        if (!o.SkipPgbench && run > 0)
        {
            pg = await PgBench.RunAsync(o, Path.Combine(o.OutDir, $"pgbench-run{run}.log"), pgBouncerDb);
            Console.WriteLine("  " + pg.Line());
            if (o.NotifyCost)
            {
                // The same transaction without the live board's trigger: what pg_notify costs each order (ADR 42).
                await db.SetNotifyTriggerAsync(false);
                try { pgWithoutNotify = await PgBench.RunAsync(o, Path.Combine(o.OutDir, $"pgbench-run{run}-no-notify.log"), pgBouncerDb); }
                finally { await db.SetNotifyTriggerAsync(true); }
                Console.WriteLine("  without the NOTIFY trigger, " + pgWithoutNotify.Line());
            }
            var after = await db.InvariantsAsync();
            Console.WriteLine("  after pgbench, " + after.Line());
            invariants = invariants.Ok ? after : invariants;
        }
        if (run > 0) runs.Add(new RunResult(results, race, pg, invariants, exit == 0) { Sync = sync, PgBenchWithoutNotify = pgWithoutNotify });
    }

    Summary.Print(o, runs);

    if (o.Explain && !string.IsNullOrEmpty(o.AvailabilitySql))
    {
        Console.WriteLine($"\nEXPLAIN (ANALYZE, BUFFERS) of the availability query ({o.AvailabilitySql}), product {Ids.Product(Math.Max(1, o.Products / 2))}:");
        Console.WriteLine(await db.ExplainAvailabilityAsync(o.AvailabilitySql, Ids.Product(Math.Max(1, o.Products / 2))));
    }
    return runs.All(r => r.Invariants.Ok && r.AppCheckOk && r.Race is not { ExactlyUnitsWon: false } && r.Sync is not { Deadlocks: > 0 }) ? 0 : 1;
}
finally
{
    foreach (var host in apps.Concat(hellos)) await host.DisposeAsync();
    foreach (var proxy in proxies) await proxy.DisposeAsync();
}

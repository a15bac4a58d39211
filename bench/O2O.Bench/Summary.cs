namespace O2O.Bench;

public sealed record RunResult(IReadOnlyList<ScenarioResult> Scenarios, RaceResult? Race, PgBenchResult? PgBench,
    InvariantSummary Invariants, bool AppCheckOk)
{
    public SyncResult? Sync { get; init; }

    public PgBenchResult? PgBenchWithoutNotify { get; init; }
}

/// <summary>Medians over the runs, and the ratios the issue asks for. Targets are reported, never asserted.</summary>
public static class Summary
{
    public static void Print(BenchOptions o, IReadOnlyList<RunResult> runs)
    {
        Console.WriteLine($"\n== Summary: median of {runs.Count} run(s); {o.Stores:N0} stores × {o.Products:N0} products " +
                          $"({(long)o.Stores * o.Products:N0} stock rows), {o.Instances} instance(s), {o.Shoppers} shoppers ==");
        Console.WriteLine($"{"scenario",-34} {"req/s",10} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9}  non-2xx  cores: app / driver / postgres / rest / idle");
        var names = runs[0].Scenarios.Select(s => s.Name).ToList();
        foreach (var name in names)
        {
            var all = runs.Select(r => r.Scenarios.First(s => s.Name == name)).ToList();
            var errors = all.Sum(s => s.Requests - s.Ok);
            Console.WriteLine($"{name,-34} {Median(all.Select(s => s.Rps)),10:N1} {Median(all.Select(s => s.P50Ms)),9:N2} " +
                              $"{Median(all.Select(s => s.P95Ms)),9:N2} {Median(all.Select(s => s.P99Ms)),9:N2}  {errors,7}  " +
                              (all.All(s => s.Cpu is not null)
                                  ? $"{Median(all.Select(s => s.Cpu!.App)):F2} / {Median(all.Select(s => s.Cpu!.Driver)):F2} / " +
                                    $"{Median(all.Select(s => s.Cpu!.Postgres)):F2} / {Median(all.Select(s => s.Cpu!.Other)):F2} / {Median(all.Select(s => s.Cpu!.Idle)):F2}"
                                  : ""));
        }

        double? Rps(string name) => Scenario(name, s => s.Rps);
        double? Scenario(string name, Func<ScenarioResult, double> value) =>
            runs.All(r => r.Scenarios.Any(s => s.Name == name)) ? Median(runs.Select(r => value(r.Scenarios.First(s => s.Name == name)))) : null;

        Console.WriteLine();
        foreach (var (r, i) in runs.Select((r, i) => (r, i + 1)))
            if (r.Race is not null) Console.WriteLine($"run {i}: {r.Race.Line()}");
        Console.WriteLine($"invariants: {(runs.All(r => r.Invariants.Ok && r.AppCheckOk) ? "held in every run (SQL and app check-invariants)" : "VIOLATED, see above")}");

        foreach (var (r, i) in runs.Select((r, i) => (r, i + 1)))
            if (r.Sync is not null) Console.WriteLine($"run {i}: {r.Sync.Line()}");
        if (runs.All(r => r.PgBench is not null && r.PgBenchWithoutNotify is not null))
        {
            var with = Median(runs.Select(r => r.PgBench!.Tps));
            var without = Median(runs.Select(r => r.PgBenchWithoutNotify!.Tps));
            Console.WriteLine($"NOTIFY trigger (live board): pgbench {with:N1} tps with it, {without:N1} without: {1 - with / without:P1} of the transaction's rate, " +
                              $"about {(1 / with - 1 / without) * Environment.ProcessorCount * 1e6:N0} µs of the machine's {Environment.ProcessorCount} cores per order");
        }

        var where = $"{o.Instances} instance(s){(o.Instances > 1 && o.Nginx ? " behind nginx" : "")}{(o.PgBouncer ? ", through PgBouncer" : "")}";
        Console.WriteLine($"\nTargets (issue 15), {where}:");
        if (Rps("place order POST (uncontended)") is { } place && runs.All(r => r.PgBench is not null))
        {
            var tps = Median(runs.Select(r => r.PgBench!.Tps));
            Console.WriteLine($"  place order {place:N1}/s vs pgbench {tps:N1} tps of the same transaction = {place / tps:P0} (target ≥ 80%) {Mark(place / tps >= 0.8)}");
        }
        if (Scenario("availability GET (near a point)", s => s.P95Ms) is { } availabilityP95 &&
            Scenario("availability GET, 8 shoppers", s => s.P95Ms) is { } availabilityEightP95 &&
            Scenario("availability GET, 1 shopper", s => s.P95Ms) is { } availabilitySingleP95)
            Console.WriteLine($"  availability p95 (target < 10 ms with {o.Shoppers}): {availabilityP95:N2} ms with {o.Shoppers} shoppers {Mark(availabilityP95 < 10)}, " +
                              $"{availabilityEightP95:N2} ms with 8, {availabilitySingleP95:N2} ms with 1");
        if (Rps("product page HTML GET /products/{id}") is { } pagesRps && Rps("hello world GET / (Kestrel)") is { } hello)
            Console.WriteLine($"  product page {pagesRps:N1}/s vs hello world {hello:N1}/s = {pagesRps / hello:P1} (target ≥ 50%) {Mark(pagesRps / hello >= 0.5)}");
        if (runs[0].Scenarios.FirstOrDefault(s => s.Name.StartsWith("board GET", StringComparison.Ordinal) && s.Name.EndsWith("8 clerks", StringComparison.Ordinal)) is { } boardLine &&
            Scenario(boardLine.Name, s => s.P95Ms) is { } boardP95 &&
            runs[0].Scenarios.FirstOrDefault(s => s.Name.EndsWith("1 clerk", StringComparison.Ordinal)) is { } oneClerk && Scenario(oneClerk.Name, s => s.P95Ms) is { } boardOneP95)
            Console.WriteLine($"  pickup board of {o.BoardOrders:N0} orders p95 (target < 20 ms): {boardP95:N2} ms with 8 clerks {Mark(boardP95 < 20)}, {boardOneP95:N2} ms with 1 {Mark(boardOneP95 < 20)}");
        if (runs.All(r => r.Sync is not null))
        {
            var max = runs.Max(r => r.Sync!.MaxSeconds);
            var clean = runs.All(r => r.Sync!.Clean);
            Console.WriteLine($"  {o.SyncItems:N0}-item stock sync under full checkout load: median {Median(runs.Select(r => r.Sync!.MedianSeconds)):F2} s, max {max:F2} s " +
                              $"(target < 1 s) {Mark(max < 1)}; no deadlock, no checkout error, every item applied: {Mark(clean)}");
        }
        if (runs.All(r => r.Race is not null))
        {
            var raceOk = runs.All(r => r.Race!.ExactlyUnitsWon && !r.Race.Oversold);
            Console.WriteLine($"  hot-SKU race exactly {o.RaceUnits} orders, 0 oversold, {where}: {Mark(raceOk)}");
        }
    }

    private static string Mark(bool met) => met ? "[met]" : "[NOT met]";

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}

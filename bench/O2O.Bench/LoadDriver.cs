using System.Diagnostics;

namespace O2O.Bench;

/// <summary>What one scenario measured.</summary>
public sealed record ScenarioResult(string Name, long Requests, long Ok, IReadOnlyDictionary<int, long> Statuses, double Seconds,
    double P50Ms, double P95Ms, double P99Ms)
{
    public CpuMeter.Usage? Cpu { get; init; }

    public double Rps => Requests / Seconds;

    public string Line() =>
        $"{Name,-34} {Requests,8:N0} req {Rps,9:N1} req/s   p50 {P50Ms,7:N2} ms  p95 {P95Ms,7:N2} ms  p99 {P99Ms,7:N2} ms   " +
        string.Join(" ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value:N0}"));

    public static ScenarioResult From(string name, IEnumerable<(int Status, long Ticks)> samples, double seconds, Func<int, bool> isOk)
    {
        var list = samples.ToList();
        var ticks = list.Select(s => s.Ticks).Order().ToArray();
        double Pct(double p) => ticks.Length == 0 ? 0 : ticks[Math.Min(ticks.Length - 1, (int)Math.Ceiling(p * ticks.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        var statuses = list.GroupBy(s => s.Status).ToDictionary(g => g.Key, g => (long)g.Count());
        return new ScenarioResult(name, list.Count, list.Count(s => isOk(s.Status)), statuses, seconds, Pct(0.50), Pct(0.95), Pct(0.99));
    }
}

/// <summary>
/// A closed-loop load driver: N virtual shoppers, each sending its next request as soon as the last one answered,
/// for a fixed time. Status 0 is a transport error. Requests go round-robin over the target base addresses.
/// </summary>
public sealed class LoadDriver(HttpClient http, CpuMeter cpu, BenchDatabase db)
{
    public HttpClient Http => http;

    public async Task<ScenarioResult> RunAsync(string name, int shoppers, TimeSpan warmup, TimeSpan duration,
        Func<HttpClient, Random, Task<int>> request, Func<int, bool>? isOk = null)
    {
        if (warmup > TimeSpan.Zero) await LoopAsync(shoppers, warmup, request);
        await db.ResetStatementsAsync();
        var before = cpu.Take();
        var clock = Stopwatch.StartNew();
        var samples = await LoopAsync(shoppers, duration, request);
        var result = ScenarioResult.From(name, samples, clock.Elapsed.TotalSeconds, isOk ?? (s => s is >= 200 and < 300))
            with { Cpu = CpuMeter.Between(before, cpu.Take()) };
        Console.WriteLine("  " + result.Line());
        if (result.Cpu is { } usage) Console.WriteLine("      " + usage.Line());
        var top = await db.TopStatementsAsync(8);
        if (top.Count > 0) Console.WriteLine("      PostgreSQL, top statements by execution time (pg_stat_statements):\n" + string.Join("\n", top.Select(l => "        " + l)));
        return result;
    }

    private async Task<List<(int, long)>> LoopAsync(int shoppers, TimeSpan duration, Func<HttpClient, Random, Task<int>> request)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, shoppers).Select(i => Task.Run(async () =>
        {
            var rnd = new Random(Environment.TickCount ^ (i * 7919));
            var samples = new List<(int, long)>(4096);
            while (Stopwatch.GetTimestamp() < end)
            {
                var start = Stopwatch.GetTimestamp();
                int status;
                try { status = await request(http, rnd); }
                catch (HttpRequestException) { status = 0; }
                catch (TaskCanceledException) { status = 0; }
                samples.Add((status, Stopwatch.GetTimestamp() - start));
            }
            return samples;
        })).ToArray();
        return (await Task.WhenAll(workers)).SelectMany(s => s).ToList();
    }

    /// <summary>Sends a request and reads the whole body, the way a browser or API client would.</summary>
    public static async Task<int> GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(Stream.Null);
        return (int)response.StatusCode;
    }
}

/// <summary>Round-robin over the app instances (or the hello-world instances).</summary>
public sealed class Targets(IReadOnlyList<string> baseUrls)
{
    private long _next;

    public IReadOnlyList<string> BaseUrls => baseUrls;

    public string Next() => baseUrls[(int)(Interlocked.Increment(ref _next) % baseUrls.Count)];
}

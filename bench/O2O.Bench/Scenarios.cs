using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace O2O.Bench;

public sealed record RaceResult(int Shoppers, int Units, int Created, int Conflicts, IReadOnlyDictionary<int, int> Statuses,
    long OrdersInDb, int OnHand, int Reserved, double Seconds, ScenarioResult Latency)
{
    public bool ExactlyUnitsWon => Created == Units && OrdersInDb == Units && Reserved == Units;

    public bool Oversold => Reserved > OnHand || OrdersInDb > Units;

    public string Line() =>
        $"hot-SKU race: {Shoppers} shoppers for {Units} units in {Seconds:F2} s: {Created} orders created, {Conflicts} × 409, " +
        $"others {string.Join(" ", Statuses.Where(s => s.Key is not (201 or 409)).Select(s => $"{s.Key}×{s.Value}"))}; " +
        $"in the database {OrdersInDb} orders, reserved {Reserved}/{OnHand} => exactly {Units} won: {(ExactlyUnitsWon ? "YES" : "NO")}, " +
        $"oversold: {(Oversold ? "YES" : "no")}";
}

/// <summary>The shopper scenarios, driven through the app's public HTTP surface.</summary>
public sealed record SyncResult(int Batches, int Items, double MedianSeconds, double MaxSeconds, int AppliedPerBatch, IReadOnlyDictionary<int, int> SyncStatuses,
    ScenarioResult Checkout, long Deadlocks)
{
    public bool Clean => Deadlocks == 0 && Checkout.Requests == Checkout.Ok && SyncStatuses.Keys.All(k => k == 200) && AppliedPerBatch == Items;

    public string Line() =>
        $"stock sync of {Items:N0} items, {Batches} batches during checkout at full load: median {MedianSeconds:F2} s, max {MaxSeconds:F2} s per batch, " +
        $"applied {AppliedPerBatch:N0}/{Items:N0}, statuses {string.Join(" ", SyncStatuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; " +
        $"checkout meanwhile {Checkout.Rps:N1}/s, {Checkout.Requests - Checkout.Ok} not 201, p95 {Checkout.P95Ms:N1} ms; deadlocks {Deadlocks}";
}

public sealed class Scenarios(LoadDriver driver, Targets app, BenchOptions o, BenchDatabase db)
{
    /// <summary>The bench admin's bearer token (<see cref="BenchAdmin"/>), for the staff and admin doors.</summary>
    public AuthenticationHeaderValue? Admin { get; set; }

    private int[] _checkoutStores = [];
    private readonly ConcurrentDictionary<int, string[]> _slots = new();

    private readonly TimeSpan _warmup = TimeSpan.FromSeconds(o.WarmupSeconds);
    private readonly TimeSpan _duration = TimeSpan.FromSeconds(o.DurationSeconds);
    private int _shopperNumber;

    /// <summary>(a) Uncontended checkout: random store, random product, a slot the store offers.</summary>
    public async Task<IReadOnlyList<ScenarioResult>> PlaceOrderAsync()
    {
        // The slot picker: each virtual shopper's store lists its slots first (measured on its own line).
        var rnd = new Random(17);
        var stores = Enumerable.Range(1, o.Stores).OrderBy(_ => rnd.Next()).Take(Math.Min(o.Stores, 200)).ToArray();
        foreach (var n in stores.Take(10)) await SlotsAsync(Ids.Store(n)); // warm-up, not measured
        var slots = _slots;
        var samples = new ConcurrentBag<(int, long)>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(stores, new ParallelOptions { MaxDegreeOfParallelism = o.Shoppers }, async (n, _) =>
        {
            var start = Stopwatch.GetTimestamp();
            var (status, starts) = await SlotsAsync(Ids.Store(n));
            samples.Add((status, Stopwatch.GetTimestamp() - start));
            if (starts.Length > 0) slots[n] = starts;
        });
        var slotList = ScenarioResult.From("pickup slots GET (2 days)", samples, clock.Elapsed.TotalSeconds, s => s == 200);
        Console.WriteLine("  " + slotList.Line());
        var withSlots = slots.Keys.ToArray();
        if (withSlots.Length == 0) throw new InvalidOperationException("No store offers a pickup slot; check the generated opening hours.");
        _checkoutStores = withSlots;

        var place = await driver.RunAsync("place order POST (uncontended)", o.Shoppers, _warmup, _duration, RandomOrder, s => s == 201);
        return [slotList, place];
    }

    private Task<int> RandomOrder(HttpClient http, Random r)
    {
        var store = _checkoutStores[r.Next(_checkoutStores.Length)];
        var storeSlots = _slots[store];
        return PostOrderAsync(http, app.Next(), Ids.Store(store), storeSlots[r.Next(storeSlots.Length)], Ids.Product(1 + r.Next(o.Products)));
    }

    /// <summary>
    /// The pickup board of a busy store: <see cref="BenchOptions.BoardOrders"/> orders on its local day, read the
    /// way the desk's board and the staff app read it (<c>GET /api/v1/staff/stores/{id}/orders</c>), by 8 clerks at
    /// once (the desks of a few stores) and by one.
    /// </summary>
    public async Task<IReadOnlyList<ScenarioResult>> BoardAsync()
    {
        var store = Ids.Store(Math.Min(2, o.Stores));
        await db.SeedBoardAsync(store, o.BoardOrders, o.Products);
        Task<int> Read(HttpClient http, Random _) => SendAsync(http, HttpMethod.Get, $"{app.Next()}/api/v1/staff/stores/{store}/orders", Admin);
        var busy = await driver.RunAsync($"board GET, {o.BoardOrders:N0} orders, 8 clerks", 8, _warmup, _duration, Read);
        var one = await driver.RunAsync($"board GET, {o.BoardOrders:N0} orders, 1 clerk", 1, TimeSpan.Zero, _duration, Read);
        return [busy, one];
    }

    /// <summary>
    /// A store's whole count from its POS (<see cref="BenchOptions.SyncItems"/> items in one <c>POST
    /// /api/v1/admin/stock-sync</c>), batch after batch, while <see cref="BenchOptions.Shoppers"/> shoppers check out
    /// at full load, some of them at that store. Reports each batch's time, checkout's errors and PostgreSQL's deadlocks.
    /// </summary>
    public async Task<SyncResult> StockSyncUnderLoadAsync()
    {
        if (_checkoutStores.Length == 0) throw new InvalidOperationException("The sync scenario needs the place scenario's slots: run it with place.");
        var storeNumber = _checkoutStores[0];
        var items = Enumerable.Range(1, Math.Min(o.SyncItems, o.Products)).ToArray();
        var deadlocksBefore = await db.DeadlocksAsync();
        using var stop = new CancellationTokenSource();
        var times = new List<double>();
        var statuses = new Dictionary<int, int>();
        var applied = int.MaxValue;
        var syncs = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(2, o.DurationSeconds / 4.0))); // checkout is at full speed first
            var rnd = new Random(23);
            for (var batch = 1; !stop.IsCancellationRequested; batch++)
            {
                var body = new
                {
                    batchId = $"bench-{Guid.NewGuid():N}",
                    // Well above what a few minutes of checkouts can reserve, so every item is applied.
                    items = items.Select(n => new { storeCode = $"B{storeNumber:D5}", sku = $"BENCH-{n:D7}", onHand = 250 + rnd.Next(200) }).ToArray(),
                };
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{app.Next()}/api/v1/admin/stock-sync") { Content = JsonContent.Create(body) };
                request.Headers.Authorization = Admin;
                var clock = Stopwatch.StartNew();
                using var response = await driver.Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                times.Add(clock.Elapsed.TotalSeconds);
                statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                if (response.IsSuccessStatusCode)
                {
                    using var doc = JsonDocument.Parse(text);
                    applied = Math.Min(applied, doc.RootElement.GetProperty("applied").GetInt32());
                }
                else
                {
                    applied = 0;
                    Console.WriteLine($"  stock sync answered {(int)response.StatusCode}: {(text.Length > 300 ? text[..300] : text)}");
                }
                await Task.Delay(500);
            }
        });
        var checkout = await driver.RunAsync($"place order POST during {items.Length:N0}-item syncs", o.Shoppers, TimeSpan.FromSeconds(3),
            TimeSpan.FromSeconds(Math.Max(o.DurationSeconds, 10)), RandomOrder, s => s == 201);
        stop.Cancel();
        await syncs;
        var sorted = times.Order().ToArray();
        var result = new SyncResult(sorted.Length, items.Length, sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2], sorted.LastOrDefault(),
            applied == int.MaxValue ? 0 : applied, statuses, checkout, await db.DeadlocksAsync() - deadlocksBefore);
        Console.WriteLine("  " + result.Line());
        return result;
    }

    private static async Task<int> SendAsync(HttpClient http, HttpMethod method, string url, AuthenticationHeaderValue? auth)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = auth;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(Stream.Null);
        return (int)response.StatusCode;
    }

    /// <summary>(b) Many shoppers, one SKU, one store, a few units: exactly that many orders may win.</summary>
    public async Task<RaceResult> HotSkuRaceAsync()
    {
        await db.ResetHotSkuAsync(o.RaceUnits);
        var (_, starts) = await SlotsAsync(Ids.HotStore);
        var slot = starts[0];
        using var gate = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, o.RaceShoppers).Select(_ => Task.Run(async () =>
        {
            var target = app.Next();
            await gate.WaitAsync();
            var start = Stopwatch.GetTimestamp();
            int status;
            try { status = await PostOrderAsync(driver.Http, target, Ids.HotStore, slot, Ids.HotProduct); }
            catch (HttpRequestException) { status = 0; }
            catch (TaskCanceledException) { status = 0; }
            return (status, Stopwatch.GetTimestamp() - start);
        })).ToArray();
        await Task.Delay(200); // every shopper is waiting at the gate
        var clock = Stopwatch.StartNew();
        gate.Release(o.RaceShoppers);
        var results = await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        var statuses = results.GroupBy(r => r.status).ToDictionary(g => g.Key, g => g.Count());
        var (orders, onHand, reserved) = await db.HotSkuStateAsync();
        var latency = ScenarioResult.From("hot-SKU race POST", results.Select(r => (r.status, r.Item2)), seconds, s => s is 201 or 409);
        var race = new RaceResult(o.RaceShoppers, o.RaceUnits, statuses.GetValueOrDefault(201), statuses.GetValueOrDefault(409), statuses,
            orders, onHand, reserved, seconds, latency);
        Console.WriteLine("  " + latency.Line());
        Console.WriteLine("  " + race.Line());
        return race;
    }

    /// <summary>
    /// (c) Units per store for a product, nearest first from a random point in Europe. Measured under load, and with
    /// one shopper: in a closed loop, latency under load is mostly queueing (shoppers ÷ throughput), so the
    /// one-shopper line is the request's own service time.
    /// </summary>
    public async Task<IReadOnlyList<ScenarioResult>> AvailabilityAsync()
    {
        Task<int> Request(HttpClient http, Random r)
        {
            var lat = (36 + r.NextDouble() * 24).ToString("F4", CultureInfo.InvariantCulture);
            var lon = (-9 + r.NextDouble() * 34).ToString("F4", CultureInfo.InvariantCulture);
            return LoadDriver.GetAsync(http, $"{app.Next()}/api/v1/products/{Ids.Product(1 + r.Next(o.Products))}/availability?lat={lat}&lon={lon}");
        }
        var loaded = await driver.RunAsync("availability GET (near a point)", o.Shoppers, _warmup, _duration, Request);
        var some = await driver.RunAsync("availability GET, 8 shoppers", 8, TimeSpan.Zero, _duration, Request);
        var single = await driver.RunAsync("availability GET, 1 shopper", 1, TimeSpan.Zero, _duration, Request);
        return [loaded, some, single];
    }

    /// <summary>
    /// (d) The storefront's HTML: the product list and a product page, as a first-time visitor gets them (no cookie,
    /// so the output cache may answer), and the product page for a shopper with a cart (always rendered).
    /// </summary>
    public async Task<IReadOnlyList<ScenarioResult>> PagesAsync()
    {
        var list = await driver.RunAsync("product list HTML GET /products", o.Shoppers, _warmup, _duration, (http, r) =>
            LoadDriver.GetAsync(http, $"{app.Next()}/products?p={1 + r.Next(10)}"));
        var page = await driver.RunAsync("product page HTML GET /products/{id}", o.Shoppers, _warmup, _duration, (http, r) =>
            LoadDriver.GetAsync(http, $"{app.Next()}/products/{Ids.Product(1 + r.Next(o.Products))}"));
        // The same page for a shopper who already has a cart: never served from the output cache (ADR 13), so this
        // line is the cost of rendering it, queries included.
        var cartId = Guid.NewGuid();
        var rendered = await driver.RunAsync("product page HTML, with a cart", o.Shoppers, _warmup, _duration, async (http, r) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{app.Next()}/products/{Ids.Product(1 + r.Next(o.Products))}");
            request.Headers.Add("Cookie", $"o2o-cart={cartId}");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.CopyToAsync(Stream.Null);
            return (int)response.StatusCode;
        });
        return [list, page, rendered];
    }

    private async Task<(int Status, string[] Starts)> SlotsAsync(Guid store)
    {
        using var response = await driver.Http.GetAsync($"{app.Next()}/api/v1/stores/{store}/pickup-slots?days=2");
        if (!response.IsSuccessStatusCode) return ((int)response.StatusCode, []);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        // Leave an hour of margin so no slot falls inside the lead time while the scenario runs.
        var earliest = DateTimeOffset.UtcNow.AddMinutes(60);
        var starts = doc.RootElement.EnumerateArray()
            .Select(e => e.GetProperty("start").GetString()!)
            .Where(s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) > earliest)
            .ToArray();
        return ((int)response.StatusCode, starts);
    }

    private async Task<int> PostOrderAsync(HttpClient http, string baseUrl, Guid store, string slotStart, Guid product)
    {
        var n = Interlocked.Increment(ref _shopperNumber);
        var body = new Dictionary<string, object>
        {
            ["storeId"] = store,
            ["pickupSlotStart"] = slotStart,
            ["customer"] = new Dictionary<string, string> { ["email"] = $"shopper{n}@bench.test", ["name"] = $"Bench Shopper {n}" },
            ["lines"] = new[] { new Dictionary<string, object> { ["productId"] = product, ["quantity"] = 1 } },
        };
        using var response = await http.PostAsJsonAsync($"{baseUrl}/api/v1/orders", body);
        await using var stream = await response.Content.ReadAsStreamAsync();
        await stream.CopyToAsync(Stream.Null);
        return (int)response.StatusCode;
    }
}

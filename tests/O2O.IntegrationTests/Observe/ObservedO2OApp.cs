using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using O2O.IntegrationTests.Infrastructure;
using O2O.IntegrationTests.Payments;
using O2O.IntegrationTests.Privacy;
using OpenTelemetry.Trace;
using Serilog.Core;

namespace O2O.IntegrationTests.Observe;

/// <summary>
/// The app with Stripe (the fake) as its gateway, traces on and kept in memory, /metrics served to localhost only, and
/// every log event from Information up captured: what an operator's collector, scraper and log shipper would receive.
/// </summary>
public sealed class ObservedO2OApp : IAsyncLifetime
{
    /// <summary>The port Kestrel would have a connection arrive on for the scraper; the test server plays it from a header.</summary>
    public const int MetricsPort = 9464;
    public const string LocalPortHeader = "X-Test-Local-Port";

    private readonly StripeO2OApp _stripe = new();

    public O2OApp App => _stripe.App;
    public FakeStripeServer Stripe => _stripe.Stripe;
    public SpanCapture Spans { get; } = new();
    public LogCapture Logs { get; } = new();

    public Task InitializeAsync()
    {
        App.Settings["Observability:Tracing"] = "true";
        App.Settings["Observability:Prometheus:Enabled"] = "true";
        App.Settings["Observability:Prometheus:Port"] = MetricsPort.ToString(CultureInfo.InvariantCulture);
        // Every scrape reads the backlogs afresh, so a test sees what it just changed.
        App.Settings["Observability:Metrics:BacklogCacheSeconds"] = "0";
        App.Settings["Serilog:MinimumLevel:Default"] = "Information";
        App.ConfigureServices = services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            services.AddSingleton<IStartupFilter, TestLocalPortStartupFilter>();
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
        };
        return _stripe.InitializeAsync();
    }

    public Task DisposeAsync() => _stripe.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ObservedCollection : ICollectionFixture<ObservedO2OApp>
{
    public const string Name = "observed";
}

[Collection(ObservedCollection.Name)]
[Trait("Category", "Observe")]
public abstract class ObservedTest(ObservedO2OApp fixture) : IAsyncLifetime
{
    protected O2OApp App => fixture.App;
    protected FakeStripeServer Stripe => fixture.Stripe;
    protected SpanCapture Spans => fixture.Spans;
    protected LogCapture Logs => fixture.Logs;

    public async Task InitializeAsync()
    {
        await App.ResetAsync();
        Stripe.Reset();
        Spans.Clear();
        Logs.Clear();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected async Task<Scrape> ScrapeAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add(ObservedO2OApp.LocalPortHeader, ObservedO2OApp.MetricsPort.ToString(CultureInfo.InvariantCulture));
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return Scrape.Parse(text);
    }
}

/// <summary>The test server has no sockets: a request's <see cref="ObservedO2OApp.LocalPortHeader"/> plays the port it arrived on.</summary>
internal sealed class TestLocalPortStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (int.TryParse(context.Request.Headers[ObservedO2OApp.LocalPortHeader].ToString(), out var port)) context.Connection.LocalPort = port;
            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>The finished spans, safe to read while the app adds to it.</summary>
public sealed class SpanCapture : ICollection<Activity>
{
    private readonly Lock _gate = new();
    private readonly List<Activity> _spans = [];

    public int Count { get { lock (_gate) return _spans.Count; } }
    public bool IsReadOnly => false;
    public void Add(Activity item) { lock (_gate) _spans.Add(item); }
    public void Clear() { lock (_gate) _spans.Clear(); }
    public bool Contains(Activity item) { lock (_gate) return _spans.Contains(item); }
    public void CopyTo(Activity[] array, int arrayIndex) { lock (_gate) _spans.CopyTo(array, arrayIndex); }
    public bool Remove(Activity item) { lock (_gate) return _spans.Remove(item); }
    public IEnumerator<Activity> GetEnumerator() { lock (_gate) return _spans.ToList().GetEnumerator(); }
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The server span of a request ends when the host disposes the request, which may be just after the client has read
    /// the answer; this waits for it (a bound, not a timing: it returns as soon as the span is there).
    /// </summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> match)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(10))
            if (this.FirstOrDefault(match) is { } span) return span;
        throw new ShouldAssertException($"No such span among {Count}: {string.Join(", ", this.Select(s => s.DisplayName))}");
    }
}

/// <summary>The Prometheus text format, read into series: a name, its labels, a value.</summary>
public sealed partial class Scrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _series = [];

    public string Text { get; private init; } = "";

    public static Scrape Parse(string text)
    {
        var scrape = new Scrape { Text = text };
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || SeriesLine().Match(line) is not { Success: true } m) continue;
            var labels = Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
            scrape._series.Add((m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
        return scrape;
    }

    /// <summary>The sum over the series of that name carrying those labels (others may be there too); 0 when there are none yet.</summary>
    public double Value(string name, params (string Key, string Value)[] labels) =>
        _series.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(s => s.Value);

    public bool Has(string name) => _series.Any(s => s.Name == name);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex SeriesLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}

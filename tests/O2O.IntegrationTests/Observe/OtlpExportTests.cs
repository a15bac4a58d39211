using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using O2O.IntegrationTests.Infrastructure;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace O2O.IntegrationTests.Observe;

/// <summary>
/// The app with an OTLP endpoint set, in its own host and database: a second host beside the observed one would share
/// its meters' names, and disposing it would end those metrics in the observed host's provider too.
/// </summary>
public sealed class ExportingO2OApp : IAsyncLifetime
{
    public O2OApp App { get; } = new();
    internal OtlpReceiver Collector { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Collector = await OtlpReceiver.StartAsync();
        App.Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Url;
        App.Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Collector is null) return;
        await ((IAsyncLifetime)App).DisposeAsync();
        await Collector.DisposeAsync();
    }
}

[Trait("Category", "Observe")]
public sealed class OtlpExportTests(ExportingO2OApp fixture) : IClassFixture<ExportingO2OApp>
{
    [Fact]
    public async Task WithAnOtlpEndpoint_TracesAndMetricsAreSentToTheCollector()
    {
        (await fixture.App.CreateClient().GetAsync("/api/v1/stores")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // What the exporters would send on their next interval, sent now.
        fixture.App.Services.GetRequiredService<TracerProvider>().ForceFlush().ShouldBeTrue();
        fixture.App.Services.GetRequiredService<MeterProvider>().ForceFlush().ShouldBeTrue();

        fixture.Collector.Received.ShouldContain(("/v1/traces", "application/x-protobuf"));
        fixture.Collector.Received.ShouldContain(("/v1/metrics", "application/x-protobuf"));
    }
}

/// <summary>A stand-in for an OpenTelemetry collector's OTLP/HTTP receiver: it notes what was posted where and says OK.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string, string)> _received = new();
    private WebApplication _app = null!;

    public string Url { get; private set; } = "";
    public IReadOnlyCollection<(string Path, string ContentType)> Received => _received.ToArray();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Collector" });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        receiver._app = builder.Build();
        receiver._app.Run(async http =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            receiver._received.Enqueue((http.Request.Path.Value ?? "", http.Request.ContentType ?? ""));
            http.Response.StatusCode = StatusCodes.Status200OK;
        });
        await receiver._app.StartAsync();
        receiver.Url = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

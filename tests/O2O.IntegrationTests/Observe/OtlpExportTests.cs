using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace O2O.IntegrationTests.Observe;

public sealed class OtlpExportTests(ObservedO2OApp fixture) : ObservedTest(fixture)
{
    [Fact]
    public async Task WithAnOtlpEndpoint_TracesAndMetricsAreSentToTheCollector()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var exporting = App.WithWebHostBuilder(b => b
            .UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Url)
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));

        (await exporting.CreateClient().GetAsync("/api/v1/stores")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Stopping the app flushes what its exporters still hold: no waiting on their intervals.
        await exporting.DisposeAsync();

        collector.Received.ShouldContain(("/v1/traces", "application/x-protobuf"));
        collector.Received.ShouldContain(("/v1/metrics", "application/x-protobuf"));
    }

    /// <summary>A stand-in for an OpenTelemetry collector's OTLP/HTTP receiver: it notes what was posted where and says OK.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
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
}

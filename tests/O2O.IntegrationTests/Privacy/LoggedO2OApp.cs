using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using O2O.IntegrationTests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace O2O.IntegrationTests.Privacy;

/// <summary>Every log event the app writes, kept in memory: templates, property values and exceptions.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public void Clear() => _events.Clear();

    public int Count => _events.Count;

    public IEnumerable<LogEvent> Events => _events;

    /// <summary>
    /// The text of each event. Numeric properties (durations, counts) are left out: a six-digit pickup code could
    /// otherwise turn up by chance inside an elapsed time.
    /// </summary>
    public IEnumerable<string> Texts() => _events.SelectMany(e =>
        new[] { e.MessageTemplate.Text, e.Exception?.ToString() ?? "" }
            .Concat(e.Properties.Values.Where(v => v is not ScalarValue { Value: int or long or double or decimal or float }).Select(v => v.ToString())));
}

/// <summary>The app with every log level from Debug up captured, in its own database.</summary>
public sealed class LoggedO2OApp : IAsyncLifetime
{
    public O2OApp App { get; } = new();
    public LogCapture Logs { get; } = new();

    public async Task InitializeAsync()
    {
        App.Settings["Serilog:MinimumLevel:Default"] = "Debug";
        App.Settings["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Debug";
        App.Settings["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Debug";
        App.ConfigureServices = services => services.AddSingleton<ILogEventSink>(Logs);
        await App.InitializeAsync();
    }

    public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LoggedCollection : ICollectionFixture<LoggedO2OApp>
{
    public const string Name = "logged";
}

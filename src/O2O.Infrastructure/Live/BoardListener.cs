using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using O2O.Application.Staff;

namespace O2O.Infrastructure.Live;

public sealed class LiveBoardOptions
{
    public const string Section = "LiveBoard";

    public bool Enabled { get; set; } = true;

    /// <summary>How often an idle stream gets a comment, so proxies and load balancers keep it open (most cut at 60 s).</summary>
    [Range(1, 300)]
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>How long the listener waits for a notification before asking the database whether it is still there.</summary>
    [Range(1, 300)]
    public int ProbeSeconds { get; set; } = 30;

    /// <summary>The longest wait between two attempts to listen again after the connection dropped.</summary>
    [Range(1, 600)]
    public int MaxReconnectSeconds { get; set; } = 30;
}

/// <summary>
/// One per instance: holds a dedicated connection that LISTENs on <see cref="Channel"/> and hands each notification to the
/// <see cref="BoardFeed"/> (ADR 42). Every instance listens itself, so a change made through any of them
/// reaches the boards open on all. When the connection drops it listens again with a growing pause, and then tells
/// the boards to refetch, since what changed in between was not heard.
/// </summary>
public sealed class BoardListener(NpgsqlDataSource dataSource, BoardFeed feed, IOptions<LiveBoardOptions> options, ILogger<BoardListener> logger)
    : BackgroundService
{
    /// <summary>The channel the orders trigger notifies (migration LiveBoardNotifications).</summary>
    public const string Channel = "store_orders";

    private volatile int _backendProcessId;

    /// <summary>The PostgreSQL backend listening right now, or 0: what an operator (or a test) terminates to drop it.</summary>
    public int BackendProcessId => _backendProcessId;

    /// <summary>
    /// Not pooled: a pooled connection keeps its LISTEN when returned (the pool does not reset connections, ADR 12), and
    /// would hand notifications to whichever request rented it next.
    /// </summary>
    public static string ListenerConnectionString(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "o2o-board-listener", Enlist = false }.ConnectionString;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => failures = 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _backendProcessId = 0;
                feed.SetOffline();
                var pause = Backoff(++failures);
                // A warning, not an error: the boards say they are reconnecting, and the app serves on without them.
                logger.LogWarning(ex, "The live board's database listener stopped; listening again in {Pause}", pause);
                try
                {
                    await Task.Delay(pause, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken ct)
    {
        await using var connection = dataSource.CreateConnection();
        connection.Notification += (_, e) => Hand(e.Payload);
        await connection.OpenAsync(ct);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
            await listen.ExecuteNonQueryAsync(ct);
        await using var probe = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 10 };
        _backendProcessId = connection.ProcessID;
        connected();
        feed.SetLive();
        logger.LogInformation("The live board listens on {Channel} (backend {Backend})", Channel, connection.ProcessID);
        var probeEvery = TimeSpan.FromSeconds(options.Value.ProbeSeconds);
        while (true)
        {
            // A quiet connection may be dead without a word (a cable, a NAT): asking the database finds out.
            if (!await connection.WaitAsync(probeEvery, ct)) await probe.ExecuteScalarAsync(ct);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        dataSource.Dispose();
    }

    private void Hand(string payload)
    {
        try
        {
            var change = JsonSerializer.Deserialize<Notification>(payload, JsonSerializerOptions.Web);
            if (change is null) return;
            feed.Publish(change.StoreId, new BoardEvent(BoardEventType.Order, change.OrderId, change.Kind, change.Status));
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Ignored a notification on {Channel} that is not an order change", Channel);
        }
    }

    /// <summary>Half a second, doubling, up to the configured longest pause, with a little jitter so instances do not reconnect in step.</summary>
    private TimeSpan Backoff(int failures)
    {
        var seconds = Math.Min(options.Value.MaxReconnectSeconds, 0.5 * Math.Pow(2, Math.Min(failures - 1, 10)));
        return TimeSpan.FromSeconds(seconds * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }

    private sealed record Notification(Guid StoreId, Guid OrderId, string Kind, string Status);
}

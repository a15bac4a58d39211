using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;
using O2O.Domain.Orders;
using O2O.Domain.Payments;

namespace O2O.Application.Diagnostics;

public sealed class MetricsOptions
{
    public const string Section = "Observability:Metrics";

    /// <summary>How long one reading of the backlogs serves every gauge and every scraper (ADR 57).</summary>
    [Range(0, 300)]
    public int BacklogCacheSeconds { get; set; } = 5;
}

/// <summary>
/// What is waiting: emails not sent, payment commands not done, holds past their end that the jobs have not released.
/// One statement reads all of it, each part from a partial index (so the status names are spelled in the SQL, where the
/// planner can match them to the index's filter), at most once per <see cref="MetricsOptions.BacklogCacheSeconds"/>
/// whoever asks: however many scrapers and gauges, the database sees one small query every few seconds, not one per store.
/// A failed reading reports nothing rather than old figures: a gap on the operator's graph says "unknown".
/// </summary>
public sealed class BacklogGauges(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MetricsOptions> options, ILogger<BacklogGauges> logger)
{
    public sealed record Reading(long OutboxPending, DateTimeOffset? OutboxOldest, long CommandsPending, long CommandsFailed, DateTimeOffset? OldestHoldEnd);

    private static readonly string Sql = $"""
        SELECT (SELECT count(*) FROM outbox_emails WHERE sent_at IS NULL AND NOT failed) AS outbox_pending,
               (SELECT min(created_at) FROM outbox_emails WHERE sent_at IS NULL AND NOT failed) AS outbox_oldest,
               (SELECT count(*) FROM payment_commands WHERE status = '{nameof(PaymentCommandStatus.Pending)}') AS commands_pending,
               (SELECT count(*) FROM payment_commands WHERE status = '{nameof(PaymentCommandStatus.Failed)}') AS commands_failed,
               (SELECT min(hold_expires_at) FROM orders WHERE status = '{nameof(OrderStatus.PendingPayment)}') AS oldest_hold_end
        """;

    private readonly Lock _gate = new();
    private Reading? _reading;
    private long _readAt = long.MinValue;

    public void Observe(Meter meter)
    {
        meter.CreateObservableGauge("o2o.outbox.pending", () => Measure(r => r.OutboxPending), "{email}", "Emails waiting to be sent.");
        meter.CreateObservableGauge("o2o.outbox.lag", () => Measure(r => Age(r.OutboxOldest)), "s",
            "How long the oldest email waiting to be sent has waited.");
        meter.CreateObservableGauge("o2o.payment_commands.pending", () => Measure(r => r.CommandsPending), "{command}",
            "Refunds, voids and captures not yet done by the provider.");
        meter.CreateObservableGauge("o2o.payment_commands.failed", () => Measure(r => r.CommandsFailed), "{command}",
            "Payment commands the provider refused for good: an admin must look at them.");
        meter.CreateObservableGauge("o2o.jobs.lag", () => Measure(r => Age(r.OldestHoldEnd)), "s",
            "How long past its end the oldest unpaid hold still waits for the jobs to release it; near zero while they keep up.");
    }

    private IEnumerable<Measurement<T>> Measure<T>(Func<Reading, T> value) where T : struct =>
        Current() is { } reading ? [new Measurement<T>(value(reading))] : [];

    private double Age(DateTimeOffset? since) =>
        since is { } at ? Math.Max(0, (clock.GetUtcNow() - at).TotalSeconds) : 0;

    /// <summary>
    /// Read under a lock and synchronously: a gauge's callback is synchronous, and a second caller during a reading waits
    /// for it rather than sending its own. The cache runs on the machine's clock, not on business time.
    /// </summary>
    private Reading? Current()
    {
        lock (_gate)
        {
            if (_readAt != long.MinValue && Stopwatch.GetElapsedTime(_readAt) < TimeSpan.FromSeconds(options.Value.BacklogCacheSeconds))
                return _reading;
            _readAt = Stopwatch.GetTimestamp();
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
                _reading = db.Database.SqlQueryRaw<Reading>(Sql).AsEnumerable().First();
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not read the backlogs for the gauges");
                _reading = null;
            }
            return _reading;
        }
    }
}

using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;

namespace O2O.Application.Jobs;

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>
    /// How long a request that claimed a key may take before a retry may take the key over: longer than any order
    /// placement takes (the payment provider's time-outs included), short enough that a crash does not block a retry for long.
    /// </summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>How long an answer is kept for replay; Stripe keeps its keys 24 hours too.</summary>
    [Range(1, 24 * 30)]
    public int RetentionHours { get; set; } = 24;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
}

/// <summary>Deletes idempotency records past their retention, answered or abandoned alike, a batch per statement.</summary>
public sealed record PurgeIdempotencyRecords(int BatchSize = 5000) : ICommand<int>;

public sealed class PurgeIdempotencyRecordsHandler(IAppDbContext db, TimeProvider clock, IOptions<IdempotencyOptions> options)
    : ICommandHandler<PurgeIdempotencyRecords, int>
{
    public async ValueTask<int> Handle(PurgeIdempotencyRecords command, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromHours(options.Value.RetentionHours);
        var purged = 0;
        int batch;
        do
        {
            // Batches keep each statement's locks and WAL small on a table that takes an insert per order.
            batch = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM idempotency_records
                WHERE (scope, key) IN (SELECT scope, key FROM idempotency_records WHERE created_at < {cutoff} LIMIT {command.BatchSize})
                """, ct);
            purged += batch;
        }
        while (batch == command.BatchSize && !ct.IsCancellationRequested);
        return purged;
    }
}

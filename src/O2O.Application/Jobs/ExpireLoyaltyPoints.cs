using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Loyalty;

namespace O2O.Application.Jobs;

/// <summary>
/// When the programme has an expiry (off by default), earned points older than it lapse: one Expired entry per
/// earning entry, keyed by it, so a second run or a second instance changes nothing. Points spent count against the
/// oldest earned first (FIFO), so only what is left of an earning expires, and never below zero.
/// </summary>
public sealed record ExpireLoyaltyPoints(int BatchSize = 200) : ICommand<int>;

public sealed class ExpireLoyaltyPointsHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<ExpireLoyaltyPoints, int>
{
    public async ValueTask<int> Handle(ExpireLoyaltyPoints command, CancellationToken ct)
    {
        var program = await LoyaltyProgram.ReadAsync(db, ct);
        if (program.ExpiryMonths is not { } months) return 0;
        var now = clock.GetUtcNow();
        var cutoff = now.AddMonths(-months);
        var due = await db.Database.SqlQuery<DueEntry>($"""
            SELECT e.id, e.user_id FROM loyalty_entries e
            WHERE e.kind = {nameof(LoyaltyKind.Earned)} AND e.created_at < {cutoff}
              AND NOT EXISTS (SELECT 1 FROM loyalty_entries x
                              WHERE x.user_id = e.user_id AND x.kind = {nameof(LoyaltyKind.Expired)} AND x.cause_key = e.id::text)
            ORDER BY e.created_at, e.id
            LIMIT {command.BatchSize}
            """).ToListAsync(ct);
        var expired = 0;
        foreach (var entry in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The account row first: what is left of the earning is read under the lock every balance change takes.
            await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM loyalty_accounts WHERE user_id = {entry.UserId} FOR UPDATE").ToListAsync(ct);
            var left = await db.Database.SqlQuery<long>($"""
                WITH mine AS (
                    SELECT id, created_at, points, kind = {nameof(LoyaltyKind.Earned)} OR (kind = {nameof(LoyaltyKind.Adjusted)} AND points > 0) AS credit
                    FROM loyalty_entries WHERE user_id = {entry.UserId}
                ), e AS (SELECT id, created_at, points FROM mine WHERE id = {entry.Id})
                SELECT LEAST(e.points, GREATEST(0,
                    COALESCE((SELECT SUM(points) FROM mine WHERE credit AND (created_at, id) <= (e.created_at, e.id)), 0)
                    + COALESCE((SELECT SUM(points) FROM mine WHERE NOT credit), 0)))::bigint AS "Value"
                FROM e
                """).SingleAsync(ct);
            var taken = await LoyaltySql.TakeUpToAsync(db, new LoyaltyChange(entry.UserId, LoyaltyKind.Expired, entry.Id.ToString(), left, null, null, now), ct);
            await tx.CommitAsync(ct);
            if (taken > 0) expired++;
        }
        return expired;
    }

    private sealed record DueEntry(Guid Id, string UserId);
}

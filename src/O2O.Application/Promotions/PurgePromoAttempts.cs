using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;

namespace O2O.Application.Promotions;

/// <summary>
/// Forgets the code-attempt counters whose window has ended (ADR 54): they would start again from zero anyway, and an
/// attacker spreading guesses over many addresses must not grow the table for ever. Run by the jobs worker.
/// </summary>
public sealed record PurgePromoAttempts(int BatchSize = 5000) : ICommand<int>;

public sealed class PurgePromoAttemptsHandler(IAppDbContext db, TimeProvider clock, IOptionsMonitor<PromoAttemptOptions> options)
    : ICommandHandler<PurgePromoAttempts, int>
{
    public async ValueTask<int> Handle(PurgePromoAttempts command, CancellationToken ct)
    {
        var ended = clock.GetUtcNow() - TimeSpan.FromSeconds(options.CurrentValue.WindowSeconds);
        // Re-checked in the DELETE itself: a row counted again since the SELECT has a new window and stays.
        return await db.Database.ExecuteSqlAsync($"""
            DELETE FROM promo_attempts
            WHERE key IN (SELECT key FROM promo_attempts WHERE window_started_at <= {ended} ORDER BY window_started_at LIMIT {command.BatchSize})
              AND window_started_at <= {ended}
            """, ct);
    }
}

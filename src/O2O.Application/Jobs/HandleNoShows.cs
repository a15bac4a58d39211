using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using O2O.Application.Abstractions;
using O2O.Application.Orders;
using O2O.Domain.Orders;

namespace O2O.Application.Jobs;

/// <summary>
/// Ready orders not collected within the store's hold days after their slot become no-shows: the units return to the
/// shelf and the money goes back (a refund or void, written as a payment command that the dispatcher sends after
/// commit, so a provider outage never holds up a no-show). One order per transaction, claimed with SKIP LOCKED, so
/// several instances can run this at once.
/// </summary>
public sealed record HandleNoShows(int MaxOrders = 200) : ICommand<int>;

public sealed class HandleNoShowsHandler(IAppDbContext db, TimeProvider clock, ILogger<HandleNoShowsHandler> logger, Diagnostics.O2OMetrics metrics)
    : ICommandHandler<HandleNoShows, int>
{
    public async ValueTask<int> Handle(HandleNoShows command, CancellationToken ct)
    {
        var handled = 0;
        var ready = nameof(OrderStatus.ReadyForPickup);
        while (handled < command.MaxOrders && !ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Database.SqlQuery<Guid>($"""
                SELECT o.id AS "Value" FROM orders o JOIN stores s ON s.id = o.store_id
                WHERE o.status = {ready} AND o.slot_end + make_interval(days => s.hold_days) <= {now}
                ORDER BY o.slot_end
                LIMIT 1
                FOR UPDATE OF o SKIP LOCKED
                """).ToListAsync(ct);
            if (claimed.Count == 0) break;

            var order = (await OrderAccess.LoadAsync(db, claimed[0], ct))!;
            await NoShowMoves.ReleaseAsync(db, order, "system", now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            handled++;
            await metrics.NoShowAsync(db, order.StoreId, ct);
            logger.LogInformation("Order {OrderNumber} marked as a no-show; stock released, money back queued", order.Number);
        }
        return handled;
    }
}

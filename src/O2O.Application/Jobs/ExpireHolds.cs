using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Orders;

namespace O2O.Application.Jobs;

/// <summary>
/// Expires unpaid orders whose hold ran out and gives their stock and slot place back. One order per
/// transaction, claimed with SKIP LOCKED, so several app instances can run this at once without
/// processing an order twice.
/// </summary>
public sealed record ExpireHolds(int MaxOrders = 500) : ICommand<int>;

public sealed class ExpireHoldsHandler(IAppDbContext db, TimeProvider clock, ILogger<ExpireHoldsHandler> logger, Diagnostics.O2OMetrics metrics) : ICommandHandler<ExpireHolds, int>
{
    public async ValueTask<int> Handle(ExpireHolds command, CancellationToken ct)
    {
        var expired = 0;
        var pending = nameof(Domain.Orders.OrderStatus.PendingPayment);
        while (expired < command.MaxOrders && !ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Database.SqlQuery<Guid>($"""
                SELECT id AS "Value" FROM orders
                WHERE status = {pending} AND hold_expires_at <= {now}
                ORDER BY hold_expires_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            if (claimed.Count == 0) break;

            var order = (await OrderAccess.LoadAsync(db, claimed[0], ct))!;
            order.Expire(now);
            await HoldSql.ReleaseOrderAsync(db, order, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            expired++;
            await metrics.HoldExpiredAsync(db, order.StoreId, ct);
            logger.LogInformation("Order {OrderNumber} expired unpaid; stock and slot released", order.Number);
        }
        return expired;
    }
}

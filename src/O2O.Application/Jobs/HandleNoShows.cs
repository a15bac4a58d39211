using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Orders;

namespace O2O.Application.Jobs;

/// <summary>
/// Ready orders not collected within the store's hold days after their slot become no-shows: the money goes
/// back (refund, or void of an authorisation) and the units return to the shelf. Safe with many instances.
/// An order whose refund or void the provider refuses is left as it is for the next run, and does not stop the others.
/// </summary>
public sealed record HandleNoShows(int MaxOrders = 200) : ICommand<int>;

public sealed class HandleNoShowsHandler(IAppDbContext db, IPaymentGateway payments, TimeProvider clock, ILogger<HandleNoShowsHandler> logger)
    : ICommandHandler<HandleNoShows, int>
{
    public async ValueTask<int> Handle(HandleNoShows command, CancellationToken ct)
    {
        var handled = 0;
        var refused = new List<Guid>();
        while (handled + refused.Count < command.MaxOrders && !ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Database.SqlQuery<Guid>($"""
                SELECT o.id AS "Value" FROM orders o JOIN stores s ON s.id = o.store_id
                WHERE o.status = 'ReadyForPickup' AND o.slot_end + make_interval(days => s.hold_days) <= {now}
                  AND NOT (o.id = ANY({refused.ToArray()}))
                ORDER BY o.slot_end
                LIMIT 1
                FOR UPDATE OF o SKIP LOCKED
                """).ToListAsync(ct);
            if (claimed.Count == 0) break;

            var order = (await OrderAccess.LoadAsync(db, claimed[0], ct))!;
            try
            {
                await NoShowMoves.ReleaseAsync(db, payments, order, "system", now, ct);
            }
            catch (PaymentGatewayException ex)
            {
                // Rolled back with the transaction: the order stays ReadyForPickup and is tried again next run.
                // Without this, the oldest refused order would be claimed first and fail every run, blocking all others.
                logger.LogError(ex, "Could not return the money for no-show order {OrderNumber}; left for the next run", order.Number);
                refused.Add(order.Id);
                continue;
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            handled++;
            logger.LogInformation("Order {OrderNumber} marked as a no-show; money returned and stock released", order.Number);
        }
        return handled;
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Notifications;

namespace O2O.Application.Jobs;

/// <summary>
/// A day before a ready order's collection hold ends, the shopper is reminded once. The reminder and the
/// "sent" mark are written in one transaction, and orders are claimed with SKIP LOCKED: one reminder per order.
/// </summary>
public sealed record SendPickupReminders(int MaxOrders = 200) : ICommand<int>;

public sealed class SendPickupRemindersHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<SendPickupReminders, int>
{
    public static readonly TimeSpan Before = TimeSpan.FromDays(1);

    public async ValueTask<int> Handle(SendPickupReminders command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await db.Database.SqlQuery<Guid>($"""
            SELECT o.id AS "Value" FROM orders o JOIN stores s ON s.id = o.store_id
            WHERE o.status = 'ReadyForPickup' AND o.reminder_sent_at IS NULL
              AND o.slot_end + make_interval(days => s.hold_days) - {Before} <= {now}
            ORDER BY o.slot_end
            LIMIT {command.MaxOrders}
            FOR UPDATE OF o SKIP LOCKED
            """).ToListAsync(ct);
        if (ids.Count == 0) return 0;

        var orders = await db.Orders.Include(o => o.Lines).Where(o => ids.Contains(o.Id)).ToListAsync(ct);
        var storeIds = orders.Select(o => o.StoreId).Distinct().ToList();
        var stores = await db.Stores.AsNoTracking().Where(s => storeIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        foreach (var order in orders)
        {
            var store = stores[order.StoreId];
            db.Emails.Add(ShopperEmails.Reminder(order, store, order.SlotEnd.AddDays(store.Pickup.HoldDays), now));
            order.MarkReminderSent(now);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return orders.Count;
    }
}

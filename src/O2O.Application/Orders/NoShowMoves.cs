using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Notifications;
using O2O.Domain.Orders;

namespace O2O.Application.Orders;

/// <summary>What a no-show does, whether the job finds it or staff release it: money back, units back, shopper told.</summary>
public static class NoShowMoves
{
    public static async Task ReleaseAsync(IAppDbContext db, Order order, string actor, DateTimeOffset now, CancellationToken ct)
    {
        order.MarkNoShow(now, actor);
        order.ReturnMoney(MoneyBackReason.NotCollected, now, actor);
        await HoldSql.ReleaseOrderAsync(db, order, ct);
        var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);
        db.Emails.Add(ShopperEmails.Cancelled(order, store, CancelledBecause.NotCollected, now));
    }
}

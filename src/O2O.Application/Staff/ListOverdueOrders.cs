using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Domain.Orders;

namespace O2O.Application.Staff;

/// <summary>
/// Orders whose slot has ended without a hand-over, with when the automatic no-show will release them,
/// and the no-shows of the last week (released by staff or by the job).
/// </summary>
public sealed record ListOverdueOrders(Guid StoreId, Actor Actor) : IQuery<OverdueOrders?>;

public sealed record OverdueOrders(Guid StoreId, string StoreName, IReadOnlyList<OverdueOrder> Overdue, IReadOnlyList<OverdueOrder> RecentNoShows);

public sealed record OverdueOrder(Guid Id, string Number, string Status, string CustomerName, DateTimeOffset SlotEnd, DateTimeOffset ReleasedAutomaticallyAt);

public sealed class ListOverdueOrdersHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<ListOverdueOrders, OverdueOrders?>
{
    public async ValueTask<OverdueOrders?> Handle(ListOverdueOrders query, CancellationToken ct)
    {
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == query.StoreId, ct);
        if (store is null || !await StaffScope.CoversAsync(db, query.Actor, store.Id, ct)) return null;
        var now = clock.GetUtcNow();
        var weekAgo = now.AddDays(-7);
        var rows = await db.Orders.AsNoTracking()
            .Where(o => o.StoreId == store.Id &&
                        (((o.Status == OrderStatus.Paid || o.Status == OrderStatus.ReadyForPickup) && o.SlotEnd < now) ||
                         (o.Status == OrderStatus.NoShow && o.SlotEnd >= weekAgo)))
            .OrderBy(o => o.SlotEnd)
            .Select(o => new { o.Id, o.Number, o.Status, o.CustomerName, o.SlotEnd })
            .ToListAsync(ct);
        var zone = store.TimeZone;
        var all = rows.Select(r => (r.Status, Row: new OverdueOrder(r.Id, r.Number, r.Status.ToString(), r.CustomerName,
            TimeZoneInfo.ConvertTime(r.SlotEnd, zone), TimeZoneInfo.ConvertTime(r.SlotEnd.AddDays(store.Pickup.HoldDays), zone)))).ToList();
        return new OverdueOrders(store.Id, store.Name,
            all.Where(r => r.Status != OrderStatus.NoShow).Select(r => r.Row).ToList(),
            all.Where(r => r.Status == OrderStatus.NoShow).Select(r => r.Row).ToList());
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Staff;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>Today's counter redemptions of a store (its own day, on its clock), newest first, for the desk. Null when not the caller's store.</summary>
public sealed record ListCounterRedemptions(Guid StoreId, Actor Actor) : IQuery<CounterDay?>;

public sealed record CounterDay(Guid StoreId, string StoreName, string StoreCurrency, DateOnly Date, IReadOnlyList<CounterRedemptionState> Redemptions);

public sealed class ListCounterRedemptionsHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<ListCounterRedemptions, CounterDay?>
{
    /// <summary>A desk's day is short; past this the page shows the latest only (the admin's list has them all).</summary>
    public const int MaxShown = 200;

    public async ValueTask<CounterDay?> Handle(ListCounterRedemptions query, CancellationToken ct)
    {
        if (!await StaffScope.CoversAsync(db, query.Actor, query.StoreId, ct)) return null;
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == query.StoreId, ct);
        if (store is null) return null;
        var today = store.LocalToday(clock.GetUtcNow());
        var dayStart = Domain.Pickup.PickupSchedule.LocalToUtc(today.ToDateTime(TimeOnly.MinValue), store.TimeZone, preferEarlier: true);
        var dayEnd = Domain.Pickup.PickupSchedule.LocalToUtc(today.AddDays(1).ToDateTime(TimeOnly.MinValue), store.TimeZone, preferEarlier: true);
        var rows = await (
                from r in db.PromoRedemptions.AsNoTracking()
                where r.StoreId == store.Id && r.Channel == RedemptionChannel.Counter && r.CreatedAt >= dayStart && r.CreatedAt < dayEnd
                orderby r.CreatedAt descending
                join c in db.PromoCodes on r.CodeId equals c.Id
                join p in db.Promotions on r.PromotionId equals p.Id
                select new { Redemption = r, c.Code, p.Name })
            .Take(MaxShown)
            .ToListAsync(ct);
        return new CounterDay(store.Id, store.Name, StoreCurrencies.Of(store) ?? "EUR", today,
            [.. rows.Select(r => GetCounterRedemptionHandler.State(r.Redemption, r.Code, r.Name, store))]);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Pickup;

/// <summary>
/// Every day a shopper can book at a store, today to the end of its booking horizon, with the slots of one of them:
/// the checkout's day picker. A fortnight of half-hour slots is too many to read at once, so only the chosen day's are
/// listed. A day outside the horizon, or none, chooses the first day with a place left; no other day is read, so the
/// day needs no validation.
/// </summary>
public sealed record GetPickupCalendar(Guid StoreId, DateOnly? Day = null) : IQuery<PickupCalendar?>;

/// <summary>Slot times carry the store's offset; <see cref="TimeZone"/> is its IANA zone.</summary>
public sealed record PickupCalendar(string TimeZone, IReadOnlyList<PickupDay> Days, DateOnly? Day, IReadOnlyList<PickupSlotDto> Slots);

/// <summary>A day of the horizon: <see cref="Slots"/> 0 when the store offers none (closed, or too late today).</summary>
public sealed record PickupDay(DateOnly Date, int Slots, int FreeSlots)
{
    public bool IsOpen => Slots > 0;
    public bool IsFull => Slots > 0 && FreeSlots == 0;
}

public sealed class GetPickupCalendarHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<GetPickupCalendar, PickupCalendar?>
{
    public async ValueTask<PickupCalendar?> Handle(GetPickupCalendar query, CancellationToken ct)
    {
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == query.StoreId, ct);
        if (store is null) return null;
        if (store.PickupPaused) return new PickupCalendar(store.TimeZoneId, [], null, []);

        var now = clock.GetUtcNow();
        var today = store.LocalToday(now);
        // The horizon counts days after today, and today is bookable too.
        var dayCount = store.Pickup.BookingHorizonDays + 1;
        var slots = await PickupPlaces.ForAsync(db, store, today, dayCount, now, ct);
        var byDay = slots.ToLookup(s => DateOnly.FromDateTime(s.Start.DateTime));
        var days = Enumerable.Range(0, dayCount).Select(today.AddDays)
            .Select(d => new PickupDay(d, byDay[d].Count(), byDay[d].Count(s => s.Remaining > 0)))
            .ToList();

        var chosen = days.FirstOrDefault(d => d.Date == query.Day)
                     ?? days.FirstOrDefault(d => d.FreeSlots > 0)
                     ?? days.FirstOrDefault(d => d.IsOpen);
        return new PickupCalendar(store.TimeZoneId, days, chosen?.Date, chosen is null ? [] : byDay[chosen.Date].ToList());
    }
}

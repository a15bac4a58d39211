using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Domain.Pickup;
using O2O.Application.Localization;

namespace O2O.Application.Pickup;

/// <summary>The slots a shopper can book at a store, with the places left in each.</summary>
public sealed record ListPickupSlots(Guid StoreId, DateOnly? From = null, int Days = 7) : IQuery<IReadOnlyList<PickupSlotDto>?>;

public sealed record PickupSlotDto(DateTimeOffset Start, DateTimeOffset End, int Capacity, int Remaining);

public sealed class ListPickupSlotsValidator : AbstractValidator<ListPickupSlots>
{
    public ListPickupSlotsValidator()
    {
        RuleFor(x => x.Days).InclusiveBetween(1, 31).OverridePropertyName("days").WithName(_ => Messages.Field_Days);
        RuleFor(x => x.From).IsSaneDate("from").OverridePropertyName("from");
    }
}

public sealed class ListPickupSlotsHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<ListPickupSlots, IReadOnlyList<PickupSlotDto>?>
{
    public async ValueTask<IReadOnlyList<PickupSlotDto>?> Handle(ListPickupSlots query, CancellationToken ct)
    {
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == query.StoreId, ct);
        if (store is null) return null;
        if (store.PickupPaused) return [];

        var now = clock.GetUtcNow();
        return await PickupPlaces.ForAsync(db, store, query.From ?? store.LocalToday(now), query.Days, now, ct);
    }
}

/// <summary>A store's bookable slots over some days with the places left in each: one read of the bookings.</summary>
internal static class PickupPlaces
{
    public static async Task<IReadOnlyList<PickupSlotDto>> ForAsync(IAppDbContext db, O2O.Domain.Stores.Store store, DateOnly from, int days,
        DateTimeOffset now, CancellationToken ct)
    {
        var slots = PickupSchedule.SlotsFor(store, from, days, now);
        if (slots.Count == 0) return [];

        var booked = (await HoldSql.BookedAsync(db, store.Id, slots[0].Start, slots[^1].End, ct))
            .ToDictionary(b => b.SlotStart.UtcDateTime, b => b.Booked);
        var capacity = store.Pickup.OrdersPerSlot;
        return slots
            .Select(s => new PickupSlotDto(s.Start, s.End, capacity, Math.Max(0, capacity - booked.GetValueOrDefault(s.Start.UtcDateTime))))
            .ToList();
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Catalog;

/// <summary>
/// A product's stock in the stores its page shows (the shopper's first, then the nearest, ADR 12), with each store's
/// address: the local-inventory offers of the page's structured data (ADR 36). Every store of a chain would put a
/// thousand offers in each page and read a thousand stock rows and stores to render it: the bench's 1,000 stores
/// brought product pages down to 40 renders a second.
/// </summary>
public sealed record GetLocalOffers(Guid ProductId, IReadOnlyList<Guid> StoreIds) : IQuery<IReadOnlyList<LocalOffer>>;

/// <summary><paramref name="CollectToday"/>: open today, taking orders, in stock, and a slot can still start before closing.</summary>
public sealed record LocalOffer(Guid StoreId, string StoreName, string Street, string PostalCode, string City, string CountryCode,
    int Available, bool PickupPaused, bool CollectToday);

public sealed class GetLocalOffersHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<GetLocalOffers, IReadOnlyList<LocalOffer>>
{
    public async ValueTask<IReadOnlyList<LocalOffer>> Handle(GetLocalOffers query, CancellationToken ct)
    {
        var ids = query.StoreIds.Distinct().ToArray();
        if (ids.Length == 0) return [];
        var available = await db.Stock.AsNoTracking().Where(s => s.ProductId == query.ProductId && ids.Contains(s.StoreId))
            .ToDictionaryAsync(s => s.StoreId, s => s.OnHand - s.Reserved, ct);
        var stores = (await db.Stores.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct)).ToDictionary(s => s.Id);
        var now = clock.GetUtcNow();
        return ids.Where(stores.ContainsKey).Select(id =>
        {
            var s = stores[id];
            var units = available.GetValueOrDefault(s.Id);
            return new LocalOffer(s.Id, s.Name, s.Address.Street, s.Address.PostalCode, s.Address.City, s.Address.CountryCode,
                units, s.PickupPaused, units > 0 && !s.PickupPaused && SlotLeftToday(s, now));
        }).ToList();
    }

    // Cheap on purpose: the store's hours and lead time, not the places left in today's slots, so a store whose
    // slots today are all booked still says today; the checkout's slot picker has the last word.
    private static bool SlotLeftToday(Domain.Stores.Store store, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, store.TimeZone).DateTime;
        var today = DateOnly.FromDateTime(local);
        var earliest = local.AddMinutes(store.Pickup.LeadTimeMinutes);
        if (!store.IsOpenOn(today) || earliest.Date != local.Date) return false;
        var lastStart = TimeSpan.FromMinutes(store.Pickup.SlotLengthMinutes);
        return store.OpeningHours.Any(h => h.Day == today.DayOfWeek && h.Closes.ToTimeSpan() - lastStart >= earliest.TimeOfDay);
    }
}

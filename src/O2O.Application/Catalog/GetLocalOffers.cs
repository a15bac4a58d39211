using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Catalog;

/// <summary>
/// A product's stock in every store with the store's address: the local-inventory offers of the product page's
/// structured data (ADR 36). Stores are few next to products, and the page is served from the catalog cache.
/// </summary>
public sealed record GetLocalOffers(Guid ProductId) : IQuery<IReadOnlyList<LocalOffer>>;

/// <summary><paramref name="CollectToday"/>: open today, taking orders, in stock, and a slot can still start before closing.</summary>
public sealed record LocalOffer(Guid StoreId, string StoreName, string Street, string PostalCode, string City, string CountryCode,
    int Available, bool PickupPaused, bool CollectToday);

public sealed class GetLocalOffersHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<GetLocalOffers, IReadOnlyList<LocalOffer>>
{
    public async ValueTask<IReadOnlyList<LocalOffer>> Handle(GetLocalOffers query, CancellationToken ct)
    {
        var available = await db.Stock.AsNoTracking().Where(s => s.ProductId == query.ProductId)
            .ToDictionaryAsync(s => s.StoreId, s => s.OnHand - s.Reserved, ct);
        var stores = await db.Stores.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return stores.Select(s =>
        {
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

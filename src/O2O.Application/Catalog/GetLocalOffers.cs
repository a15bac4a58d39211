using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Stores;

namespace O2O.Application.Catalog;

/// <summary>
/// The local-inventory offers of a product page's structured data (ADR 36): the stores the page shows (the
/// shopper's first, then the nearest, ADR 12), with the units and pause the page read, each with its address and
/// whether it can still be collected today. Every store of a chain would put a thousand offers in each page and read a
/// thousand stores and stock rows to render it: the bench's 1,000 stores brought product pages down to 40 renders a
/// second. The stores come from the store directory's half-minute snapshot, so the offers read nothing more.
/// </summary>
public sealed record GetLocalOffers(IReadOnlyList<StoreAvailability> Shown) : IQuery<IReadOnlyList<LocalOffer>>;

/// <summary><paramref name="CollectToday"/>: open today, taking orders, in stock, and a slot can still start before closing.</summary>
public sealed record LocalOffer(Guid StoreId, string StoreName, string Street, string PostalCode, string City, string CountryCode,
    int Available, bool PickupPaused, bool CollectToday);

public sealed class GetLocalOffersHandler(IAppDbContext db, StoreDirectory directory, TimeProvider clock) : IQueryHandler<GetLocalOffers, IReadOnlyList<LocalOffer>>
{
    public async ValueTask<IReadOnlyList<LocalOffer>> Handle(GetLocalOffers query, CancellationToken ct)
    {
        if (query.Shown.Count == 0) return [];
        var stores = await directory.DetailsAsync(db, ct);
        var now = clock.GetUtcNow();
        return query.Shown.Where(a => stores.ContainsKey(a.StoreId)).Select(a =>
        {
            var s = stores[a.StoreId];
            return new LocalOffer(s.Id, s.Name, s.Address.Street, s.Address.PostalCode, s.Address.City, s.Address.CountryCode,
                a.Available, a.PickupPaused, a.Available > 0 && !a.PickupPaused && SlotLeftToday(s, now));
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

using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;
using O2O.Domain.Stores;

namespace O2O.Application.Checkout;

/// <summary>
/// A store's schedule (hours, closures, pickup settings) for a few seconds, so checkout doesn't read it on every order.
/// Only what may lag harmlessly is taken from here: whether a slot is offered, and the capture mode the order records.
/// Whether the store is paused and how many orders a slot takes are read fresh in the reservation itself (ADR 12).
/// An admin edit on this instance invalidates at once; other instances follow within the time to live.
/// </summary>
public sealed class StoreScheduleCache(IOptions<CheckoutOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, (Store Store, DateTimeOffset Until)> _stores = new();

    public async Task<Store?> GetAsync(IAppDbContext db, Guid storeId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_stores.TryGetValue(storeId, out var hit) && hit.Until > now) return hit.Store;

        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == storeId, ct);
        var ttl = TimeSpan.FromSeconds(options.Value.StoreCacheSeconds);
        if (store is not null && ttl > TimeSpan.Zero) _stores[storeId] = (store, now + ttl);
        return store;
    }

    public void Invalidate(Guid storeId) => _stores.TryRemove(storeId, out _);
}

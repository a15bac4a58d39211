using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Domain.Common;

namespace O2O.Application.Stores;

/// <summary>
/// Where the stores are, kept in memory for half a minute: "nearest stores" is then a scan of a few thousand points
/// in the app instead of a distance computed for every store in SQL on every request (ADR 12). Stock is never
/// cached here, only names and places. An admin edit on this instance refreshes it at once.
/// </summary>
public sealed class StoreDirectory(TimeProvider clock)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    /// <summary><paramref name="PickupPaused"/> is for display only: taking an order reads the pause from the store row.</summary>
    public sealed record Entry(Guid Id, string Name, string City, double Latitude, double Longitude, bool PickupPaused);

    public sealed record Nearby(Entry Store, double? DistanceKm);

    private sealed record Snapshot(IReadOnlyList<Entry> Stores, DateTimeOffset Until);

    private volatile Snapshot? _snapshot;

    private sealed record Details(IReadOnlyDictionary<Guid, Domain.Stores.Store> Stores, DateTimeOffset Until);

    private volatile Details? _details;

    /// <summary>
    /// The <paramref name="limit"/> stores nearest a point (by name without one), with <paramref name="prefer"/>
    /// first when it is a store: the same order the storefront and the API have always used.
    /// </summary>
    public async Task<IReadOnlyList<Nearby>> NearestAsync(IAppDbContext db, double? lat, double? lon, int limit, Guid? prefer, CancellationToken ct)
    {
        var byName = await StoresAsync(db, ct);
        var result = new List<Nearby>(limit);
        if (lat is not { } la || lon is not { } lo)
        {
            if (prefer is { } id && byName.FirstOrDefault(s => s.Id == id) is { } preferred) result.Add(new Nearby(preferred, null));
            result.AddRange(byName.Where(s => s.Id != prefer).Take(limit - result.Count).Select(s => new Nearby(s, null)));
            return result;
        }

        // The limit nearest by (distance, place in name order), so equal distances stay in name order as they always
        // have: a bounded heap keeps them, O(stores × log limit), where sorting every store cost the most of a request's
        // CPU with a thousand stores (issue 15's bench).
        var point = new GeoPoint(la, lo);
        Nearby? mine = null;
        var nearest = new PriorityQueue<int, (double Km, int Index)>(limit + 1, Comparer<(double Km, int Index)>.Create((a, b) => b.CompareTo(a)));
        for (var i = 0; i < byName.Count; i++)
        {
            var store = byName[i];
            var km = Math.Round(point.DistanceKmTo(new GeoPoint(store.Latitude, store.Longitude)), 2);
            if (store.Id == prefer)
            {
                mine = new Nearby(store, km);
                continue;
            }
            if (nearest.Count < limit) nearest.Enqueue(i, (km, i));
            else nearest.EnqueueDequeue(i, (km, i)); // drops the farthest of the limit + 1
        }
        if (mine is not null) result.Add(mine);
        result.AddRange(nearest.UnorderedItems.OrderBy(n => n.Priority).Take(limit - result.Count)
            .Select(n => new Nearby(byName[n.Element], n.Priority.Km)));
        return result;
    }

    /// <summary>A store by id, or null when there is none.</summary>
    public async Task<Entry?> FindAsync(IAppDbContext db, Guid id, CancellationToken ct) =>
        (await StoresAsync(db, ct)).FirstOrDefault(s => s.Id == id);

    /// <summary>
    /// Every store whole (address, hours, closures), for what is only shown: the product page's structured data.
    /// Read-only, shared by every request; never hand one to a write.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, Domain.Stores.Store>> DetailsAsync(IAppDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_details is { } d && d.Until > now) return d.Stores;
        var stores = (await db.Stores.AsNoTracking().ToListAsync(ct)).ToDictionary(s => s.Id);
        _details = new Details(stores, now + TimeToLive);
        return stores;
    }

    public void Invalidate()
    {
        _snapshot = null;
        _details = null;
    }

    private async Task<IReadOnlyList<Entry>> StoresAsync(IAppDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_snapshot is { } s && s.Until > now) return s.Stores;
        var stores = (await db.Database.SqlQuery<Entry>($"SELECT id, name, city, latitude, longitude, pickup_paused FROM stores").ToListAsync(ct))
            .OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        _snapshot = new Snapshot(stores, now + TimeToLive);
        return stores;
    }
}

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
        IEnumerable<Nearby> ordered = lat is { } la && lon is { } lo
            // OrderBy is stable and the list is sorted by name: equal distances stay in name order.
            ? byName.Select(s => new Nearby(s, Math.Round(new GeoPoint(la, lo).DistanceKmTo(new GeoPoint(s.Latitude, s.Longitude)), 2)))
                .OrderBy(n => n.DistanceKm).ToList()
            : byName.Select(s => new Nearby(s, null));
        var result = new List<Nearby>(limit);
        if (prefer is { } id && ordered.FirstOrDefault(n => n.Store.Id == id) is { } mine) result.Add(mine);
        result.AddRange(ordered.Where(n => n.Store.Id != prefer).Take(limit - result.Count));
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

using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Stores;
using O2O.Application.Localization;

namespace O2O.Application.Catalog;

/// <summary>
/// How many units of a product the nearest stores can still promise, nearest first when a point is given
/// (by name otherwise). <paramref name="Limit"/> stores at most; <paramref name="PreferStoreId"/> (the shopper's own
/// store, for the product page) is always included and listed first.
/// </summary>
public sealed record GetProductAvailability(Guid ProductId, double? Lat = null, double? Lon = null, int Limit = 20, Guid? PreferStoreId = null)
    : IQuery<IReadOnlyList<StoreAvailability>?>;

/// <summary><paramref name="PickupPaused"/>: the store takes no pickup orders for now, whatever its stock.</summary>
public sealed record StoreAvailability(Guid StoreId, string StoreName, string City, double? DistanceKm, int Available, bool PickupPaused);

/// <summary>
/// Where else the shopper could collect a product when their store can't take the order (paused, or short): the
/// stores nearest that store that take pickup orders and have <paramref name="Quantity"/> units, nearest first.
/// </summary>
public sealed record GetPickupAlternatives(Guid ProductId, Guid StoreId, int Quantity = 1, int Limit = 3) : IQuery<IReadOnlyList<StoreAvailability>>;

public sealed class GetProductAvailabilityValidator : AbstractValidator<GetProductAvailability>
{
    public GetProductAvailabilityValidator()
    {
        this.AddNearPointRules(x => x.Lat, x => x.Lon);
        RuleFor(x => x.Limit).InclusiveBetween(1, 100).OverridePropertyName("limit").WithName(_ => Messages.Field_Limit);
    }
}

/// <summary>
/// Stock is read from <see cref="IReadDbContext"/>: it may show a unit a checkout took a moment ago on the primary, which
/// the checkout of the next shopper then refuses (out of stock) under its lock there. The store directory is refreshed
/// from the primary, so a cache filled right after an admin edit never keeps a replica's older view for its 30 s.
/// </summary>
public sealed class GetProductAvailabilityHandler(IAppDbContext db, IReadDbContext reads, StoreDirectory directory)
    : IQueryHandler<GetProductAvailability, IReadOnlyList<StoreAvailability>?>
{
    // Both null on the one row a product gets when no store near the shopper stocks it (a new product, say).
    private sealed record Row(Guid? StoreId, int? Available);

    public async ValueTask<IReadOnlyList<StoreAvailability>?> Handle(GetProductAvailability query, CancellationToken ct) =>
        await AvailabilityAsync(reads, query.ProductId, await directory.NearestAsync(db, query.Lat, query.Lon, query.Limit, query.PreferStoreId, ct), ct);

    internal static async Task<IReadOnlyList<StoreAvailability>?> AvailabilityAsync(IReadDbContext db, Guid productId,
        IReadOnlyList<StoreDirectory.Nearby> nearest, CancellationToken ct)
    {
        // The nearest stores come from the in-memory directory; only their stock rows are read, by key, in the same
        // statement that checks the product exists. The cost doesn't grow with the stock table. A store that never
        // stocked the product shows 0 rather than vanishing.
        var storeIds = nearest.Select(n => n.Store.Id).ToArray();
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT st.store_id, st.on_hand - st.reserved AS available
            FROM products p
            LEFT JOIN store_stock st ON st.product_id = p.id AND st.store_id = ANY ({storeIds})
            WHERE p.id = {productId} AND p.is_active
            """).ToListAsync(ct);
        if (rows.Count == 0) return null;

        var available = rows.Where(r => r.StoreId is not null).ToDictionary(r => r.StoreId!.Value, r => r.Available!.Value);
        return nearest.Select(n => new StoreAvailability(n.Store.Id, n.Store.Name, n.Store.City, n.DistanceKm,
                available.GetValueOrDefault(n.Store.Id), n.Store.PickupPaused))
            .ToList();
    }
}

public sealed class GetPickupAlternativesHandler(IAppDbContext db, IReadDbContext reads, StoreDirectory directory)
    : IQueryHandler<GetPickupAlternatives, IReadOnlyList<StoreAvailability>>
{
    // Looking further than the few stores shown, as the nearest ones may be paused or out of stock.
    private const int Searched = 50;

    public async ValueTask<IReadOnlyList<StoreAvailability>> Handle(GetPickupAlternatives query, CancellationToken ct)
    {
        if (await directory.FindAsync(db, query.StoreId, ct) is not { } here) return [];
        var nearest = await directory.NearestAsync(db, here.Latitude, here.Longitude, Searched, null, ct);
        var stores = await GetProductAvailabilityHandler.AvailabilityAsync(reads, query.ProductId,
            nearest.Where(n => n.Store.Id != here.Id && !n.Store.PickupPaused).ToList(), ct) ?? [];
        return stores.Where(s => s.Available >= query.Quantity).Take(query.Limit).ToList();
    }
}

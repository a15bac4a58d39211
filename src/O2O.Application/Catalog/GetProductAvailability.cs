using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;

namespace O2O.Application.Catalog;

/// <summary>
/// How many units of a product the nearest stores can still promise, nearest first when a point is given
/// (by name otherwise). <paramref name="Limit"/> stores at most; <paramref name="PreferStoreId"/> (the shopper's own
/// store, for the product page) is always included and listed first.
/// </summary>
public sealed record GetProductAvailability(Guid ProductId, double? Lat = null, double? Lon = null, int Limit = 20, Guid? PreferStoreId = null)
    : IQuery<IReadOnlyList<StoreAvailability>?>;

public sealed record StoreAvailability(Guid StoreId, string StoreName, string City, double? DistanceKm, int Available);

public sealed class GetProductAvailabilityValidator : AbstractValidator<GetProductAvailability>
{
    public GetProductAvailabilityValidator()
    {
        this.AddNearPointRules(x => x.Lat, x => x.Lon);
        RuleFor(x => x.Limit).InclusiveBetween(1, 100).OverridePropertyName("limit").WithName("limit");
    }
}

public sealed class GetProductAvailabilityHandler(IAppDbContext db)
    : IQueryHandler<GetProductAvailability, IReadOnlyList<StoreAvailability>?>
{
    private sealed record Row(Guid StoreId, string StoreName, string City, double? DistanceKm, int Available);

    public async ValueTask<IReadOnlyList<StoreAvailability>?> Handle(GetProductAvailability query, CancellationToken ct)
    {
        if (!await db.Products.AnyAsync(p => p.Id == query.ProductId && p.IsActive, ct)) return null;

        // The nearest stores are chosen first (a scan of the small stores table), and only their stock rows are
        // then read by primary key: the cost does not grow with the number of stock rows. A store that never
        // stocked the product shows 0 rather than vanishing.
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT n.id AS store_id, n.name AS store_name, n.city, round(n.km::numeric, 2)::float8 AS distance_km,
                   COALESCE(st.on_hand - st.reserved, 0) AS available
            FROM (
                SELECT s.id, s.name, s.city,
                       CASE WHEN {query.Lat}::float8 IS NULL THEN NULL ELSE
                           2 * 6371.0088 * asin(least(1, sqrt(
                               power(sin(radians(s.latitude - {query.Lat}::float8) / 2), 2) +
                               cos(radians({query.Lat}::float8)) * cos(radians(s.latitude)) *
                               power(sin(radians(s.longitude - {query.Lon}::float8) / 2), 2))))
                       END AS km
                FROM stores s
                ORDER BY (s.id = {query.PreferStoreId}) IS TRUE DESC, km NULLS LAST, s.name
                LIMIT {query.Limit}
            ) n
            LEFT JOIN store_stock st ON st.store_id = n.id AND st.product_id = {query.ProductId}
            ORDER BY (n.id = {query.PreferStoreId}) IS TRUE DESC, n.km NULLS LAST, n.name
            """).ToListAsync(ct);
        return rows.Select(r => new StoreAvailability(r.StoreId, r.StoreName, r.City, r.DistanceKm, r.Available)).ToList();
    }
}

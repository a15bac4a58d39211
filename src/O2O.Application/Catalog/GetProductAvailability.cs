using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Common;

namespace O2O.Application.Catalog;

/// <summary>How many units of a product each store can still promise, nearest store first when a point is given.</summary>
public sealed record GetProductAvailability(Guid ProductId, double? Lat = null, double? Lon = null)
    : IQuery<IReadOnlyList<StoreAvailability>?>;

public sealed record StoreAvailability(Guid StoreId, string StoreName, string City, double? DistanceKm, int Available);

public sealed class GetProductAvailabilityValidator : AbstractValidator<GetProductAvailability>
{
    public GetProductAvailabilityValidator() => this.AddNearPointRules(x => x.Lat, x => x.Lon);
}

public sealed class GetProductAvailabilityHandler(IAppDbContext db)
    : IQueryHandler<GetProductAvailability, IReadOnlyList<StoreAvailability>?>
{
    public async ValueTask<IReadOnlyList<StoreAvailability>?> Handle(GetProductAvailability query, CancellationToken cancellationToken)
    {
        if (!await db.Products.AnyAsync(p => p.Id == query.ProductId && p.IsActive, cancellationToken)) return null;

        // Every store is listed: a store that never stocked the product shows 0 rather than vanishing.
        var rows = await (
            from s in db.Stores.AsNoTracking()
            from st in db.Stock.Where(st => st.StoreId == s.Id && st.ProductId == query.ProductId).DefaultIfEmpty()
            select new { s.Id, s.Name, s.Address.City, s.Latitude, s.Longitude, Available = st == null ? 0 : st.OnHand - st.Reserved })
            .ToListAsync(cancellationToken);

        GeoPoint? here = query.Lat is { } lat && query.Lon is { } lon ? new GeoPoint(lat, lon) : null;
        return rows
            .Select(r => new StoreAvailability(r.Id, r.Name, r.City,
                here is { } h ? Math.Round(h.DistanceKmTo(new GeoPoint(r.Latitude, r.Longitude)), 2) : null, r.Available))
            .OrderBy(r => r.DistanceKm ?? 0).ThenBy(r => r.StoreName)
            .ToList();
    }
}

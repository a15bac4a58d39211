using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Common;
using O2O.Application.Localization;

namespace O2O.Application.Stores;

/// <summary><see cref="FromPrimary"/>: an admin page listing what was just saved reads the primary, not a replica that may lag.</summary>
public sealed record ListStores(double? Lat = null, double? Lon = null, string? City = null) : IQuery<IReadOnlyList<StoreSummary>>
{
    public bool FromPrimary { get; init; }
}

public sealed record StoreSummary(Guid Id, string Code, string Name, string City, double Latitude, double Longitude,
    string TimeZone, double? DistanceKm, bool OpenToday, bool PickupPaused);

public sealed class ListStoresValidator : AbstractValidator<ListStores>
{
    public ListStoresValidator()
    {
        this.AddNearPointRules(x => x.Lat, x => x.Lon);
        RuleFor(x => x.City).MaximumLength(100).OverridePropertyName("city").WithName(_ => Messages.Field_CityFilter);
    }
}

public sealed class ListStoresHandler(IAppDbContext db, IReadDbContext reads, TimeProvider clock) : IQueryHandler<ListStores, IReadOnlyList<StoreSummary>>
{
    public async ValueTask<IReadOnlyList<StoreSummary>> Handle(ListStores query, CancellationToken cancellationToken)
    {
        var stores = (query.FromPrimary ? db : reads).Stores.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.City))
        {
            var pattern = LikePattern.Escape(query.City.Trim()) + "%";
            stores = stores.Where(s => EF.Functions.ILike(s.Address.City, pattern, "\\"));
        }
        var list = await stores.ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        GeoPoint? here = query.Lat is { } lat && query.Lon is { } lon ? new GeoPoint(lat, lon) : null;
        return list
            .Select(s => new StoreSummary(s.Id, s.Code, s.Name, s.Address.City, s.Latitude, s.Longitude, s.TimeZoneId,
                here is { } h ? Math.Round(h.DistanceKmTo(s.Location), 2) : null, s.IsOpenOn(s.LocalToday(now)), s.PickupPaused))
            .OrderBy(s => s.DistanceKm ?? 0).ThenBy(s => s.City).ThenBy(s => s.Name)
            .ToList();
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Staff;

public sealed record ListStaffStores(Actor Actor) : IQuery<IReadOnlyList<StaffStore>>;

/// <summary><paramref name="TimeZone"/>: the store's IANA zone, whose clock the desk shows every time on.</summary>
public sealed record StaffStore(Guid Id, string Code, string Name, string City, string TimeZone);

public sealed class ListStaffStoresHandler(IAppDbContext db) : IQueryHandler<ListStaffStores, IReadOnlyList<StaffStore>>
{
    public async ValueTask<IReadOnlyList<StaffStore>> Handle(ListStaffStores query, CancellationToken ct)
    {
        var stores = db.Stores.AsNoTracking();
        if (!query.Actor.IsAdmin)
        {
            var mine = db.StaffAssignments.Where(a => a.UserId == query.Actor.UserId).Select(a => a.StoreId);
            stores = stores.Where(s => mine.Contains(s.Id));
        }
        return await stores.OrderBy(s => s.Code).Select(s => new StaffStore(s.Id, s.Code, s.Name, s.Address.City, s.TimeZoneId)).ToListAsync(ct);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Staff;

/// <summary>
/// May the caller follow a store's board live? The same rule as the board itself: staff of that store, or an admin.
/// False for a store that does not exist or is not theirs (answered as 404, ADR 9).
/// </summary>
public sealed record WatchStoreBoard(Guid StoreId, Actor Actor) : IQuery<bool>;

public sealed class WatchStoreBoardHandler(IAppDbContext db) : IQueryHandler<WatchStoreBoard, bool>
{
    public async ValueTask<bool> Handle(WatchStoreBoard query, CancellationToken ct) =>
        await db.Stores.AnyAsync(s => s.Id == query.StoreId, ct) && await StaffScope.CoversAsync(db, query.Actor, query.StoreId, ct);
}

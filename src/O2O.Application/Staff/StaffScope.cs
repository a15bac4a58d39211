using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Staff;

/// <summary>Every staff query and action is limited, on the server, to the stores the member works at.</summary>
public static class StaffScope
{
    public static async Task<bool> CoversAsync(IAppDbContext db, Actor actor, Guid storeId, CancellationToken ct) =>
        actor.IsAdmin ||
        (actor.IsStaff && actor.UserId is not null &&
         await db.StaffAssignments.AnyAsync(a => a.UserId == actor.UserId && a.StoreId == storeId, ct));
}

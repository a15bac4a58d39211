using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Domain.Orders;

namespace O2O.Application.Staff;

/// <summary>Finds an order at the desk by its number or its pickup code (typed, or read from the QR code).</summary>
public sealed record FindOrderForHandover(Guid StoreId, string Query, Actor Actor) : IQuery<Guid?>;

public sealed class FindOrderForHandoverHandler(IAppDbContext db) : IQueryHandler<FindOrderForHandover, Guid?>
{
    public async ValueTask<Guid?> Handle(FindOrderForHandover query, CancellationToken ct)
    {
        if (!await StaffScope.CoversAsync(db, query.Actor, query.StoreId, ct)) return null;
        var text = query.Query.Trim().ToUpperInvariant();
        if (text.Length is 0 or > 20) return null;
        return await db.Orders.AsNoTracking()
            .Where(o => o.StoreId == query.StoreId && (o.Number == text || (o.PickupCode == text && o.Status != OrderStatus.Collected)))
            .OrderByDescending(o => o.CreatedAt)
            .Select(o => (Guid?)o.Id)
            .FirstOrDefaultAsync(ct);
    }
}

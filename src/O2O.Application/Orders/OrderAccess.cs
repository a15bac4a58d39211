using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Domain.Orders;

namespace O2O.Application.Orders;

/// <summary>
/// Who may see or change an order. Anyone without the right gets the same answer as for an order that
/// does not exist, so order ids cannot be probed.
/// </summary>
public static class OrderAccess
{
    public static bool IsShopperOf(Order order, Actor actor, string? accessToken) =>
        OrderTokens.Matches(accessToken, order.AccessTokenHash) || (actor.UserId is not null && actor.UserId == order.UserId);

    public static Task<bool> IsStaffOfAsync(IAppDbContext db, Order order, Actor actor, CancellationToken ct) =>
        Staff.StaffScope.CoversAsync(db, actor, order.StoreId, ct);

    public static Task<Order?> LoadAsync(IAppDbContext db, Guid id, CancellationToken ct) =>
        db.Orders.Include(o => o.Lines).Include(o => o.History).Include(o => o.PaymentCommands).Include(o => o.Returns).ThenInclude(r => r.Lines).AsSplitQuery().FirstOrDefaultAsync(o => o.Id == id, ct);
}

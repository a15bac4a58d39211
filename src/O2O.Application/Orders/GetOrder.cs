using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Orders;

/// <summary>An order, for whoever holds its access token, its signed-in owner, or staff of its store (without the pickup code).</summary>
public sealed record GetOrder(Guid Id, string? AccessToken, Actor Actor) : IQuery<OrderView?>;

public sealed class GetOrderHandler(IAppDbContext db, IPaymentGateway payments) : IQueryHandler<GetOrder, OrderView?>
{
    public async ValueTask<OrderView?> Handle(GetOrder query, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.History).Include(o => o.PaymentCommands).Include(o => o.Returns).ThenInclude(r => r.Lines).AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Id == query.Id, ct);
        if (order is null) return null;
        var isShopper = OrderAccess.IsShopperOf(order, query.Actor, query.AccessToken);
        if (!isShopper && !await OrderAccess.IsStaffOfAsync(db, order, query.Actor, ct))
            return null;
        var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);
        var view = OrderView.From(order, store, payments.IsTestMode);
        return isShopper ? view : view.ForStaff();
    }
}

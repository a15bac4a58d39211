using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Admin;
using O2O.Application.Orders;
using O2O.Application.Payments;
using O2O.Domain.Orders;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Localization;

namespace O2O.Application.Staff;

/// <summary>Staff release an overdue ready order before the job would: a no-show, money back, units back on the shelf.</summary>
public sealed record ReleaseNoShow(Guid OrderId, Actor Actor) : ICommand<Result<OrderView>>;

public sealed class ReleaseNoShowHandler(IAppDbContext db, IPaymentGateway payments, PaymentCommandSender paymentCommands, TimeProvider clock, Diagnostics.O2OMetrics metrics) : ICommandHandler<ReleaseNoShow, Result<OrderView>>
{
    public async ValueTask<Result<OrderView>> Handle(ReleaseNoShow command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await HoldSql.LockOrderAsync(db, command.OrderId, ct)) return Error.NotFound(Messages.NotFound_Order);
        var order = (await OrderAccess.LoadAsync(db, command.OrderId, ct))!;
        if (!await StaffScope.CoversAsync(db, command.Actor, order.StoreId, ct)) return Error.NotFound(Messages.NotFound_Order);
        var now = clock.GetUtcNow();
        if (order.Status == OrderStatus.ReadyForPickup && order.SlotEnd > now)
            return new Error(ErrorKind.Conflict, "not_overdue", Messages.Staff_NotOverdue);

        var before = order.Status.ToString();
        await NoShowMoves.ReleaseAsync(db, order, command.Actor.Name, now, ct);
        db.AuditEntries.Add(OrderAudit.Entry(now, command.Actor, "order.no-show", order, before));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await metrics.NoShowAsync(db, order.StoreId, ct);

        order = await paymentCommands.SendNowAsync(order, ct);
        var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);
        return OrderView.From(order, store, payments.IsTestMode);
    }
}

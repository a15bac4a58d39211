using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Notifications;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Admin;
using O2O.Application.Orders;
using O2O.Application.Localization;

namespace O2O.Application.Staff;

/// <summary>Staff of the order's store (or an admin) say the order is packed and waiting at the desk.</summary>
public sealed record MarkOrderReady(Guid OrderId, Actor Actor) : ICommand<Result<OrderView>>;

public sealed class MarkOrderReadyHandler(IAppDbContext db, IPaymentGateway payments, TimeProvider clock)
    : ICommandHandler<MarkOrderReady, Result<OrderView>>
{
    public async ValueTask<Result<OrderView>> Handle(MarkOrderReady command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await HoldSql.LockOrderAsync(db, command.OrderId, ct)) return Error.NotFound(Messages.NotFound_Order);
        var order = (await OrderAccess.LoadAsync(db, command.OrderId, ct))!;
        if (!await OrderAccess.IsStaffOfAsync(db, order, command.Actor, ct)) return Error.NotFound(Messages.NotFound_Order);

        var now = clock.GetUtcNow();
        order.MarkReady(now, command.Actor.Name);
        db.AuditEntries.Add(OrderAudit.Entry(now, command.Actor, "order.ready", order, "Paid"));
        var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);
        db.Emails.Add(ShopperEmails.Ready(order, store, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return OrderView.From(order, store!, payments.IsTestMode);
    }
}

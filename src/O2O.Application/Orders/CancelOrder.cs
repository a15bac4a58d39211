using Mediator;
using Microsoft.Extensions.Logging;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Notifications;
using O2O.Application.Payments;
using Microsoft.EntityFrameworkCore;
using O2O.Domain.Orders;
using O2O.Application.Localization;

namespace O2O.Application.Orders;

/// <summary>The shopper (token or owner) or staff of the store cancels a paid order: money back, stock and slot released.</summary>
public sealed record CancelOrder(Guid OrderId, string? AccessToken, Actor Actor, string? Reason = null) : ICommand<Result<OrderView>>;

public sealed class CancelOrderHandler(IAppDbContext db, IPaymentGateway payments, PaymentCommandSender paymentCommands, TimeProvider clock,
    ILogger<CancelOrderHandler> logger)
    : ICommandHandler<CancelOrder, Result<OrderView>>
{
    public async ValueTask<Result<OrderView>> Handle(CancelOrder command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await HoldSql.LockOrderAsync(db, command.OrderId, ct)) return Error.NotFound(Messages.NotFound_Order);
        var order = (await OrderAccess.LoadAsync(db, command.OrderId, ct))!;
        var isStaff = await OrderAccess.IsStaffOfAsync(db, order, command.Actor, ct);
        if (!isStaff && !OrderAccess.IsShopperOf(order, command.Actor, command.AccessToken)) return Error.NotFound(Messages.NotFound_Order);

        var now = clock.GetUtcNow();
        var before = order.Status.ToString();
        order.Cancel(now, isStaff ? command.Actor.Name : "shopper", command.Reason);
        if (isStaff) db.AuditEntries.Add(Admin.OrderAudit.Entry(now, command.Actor, "order.cancel", order, before));
        order.ReturnMoney(MoneyBackReason.Cancelled, now, isStaff ? command.Actor.Name : "shopper");
        await HoldSql.ReleaseOrderAsync(db, order, ct);
        var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);
        db.Emails.Add(ShopperEmails.Cancelled(order, store, isStaff ? CancelledBecause.StoreCancelled : CancelledBecause.ShopperAsked, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Order {OrderNumber} cancelled by {ActorId}", order.Number, command.Actor.UserId ?? "the shopper"); // the name is an email

        // After the commit, no lock held: the refund goes out now if the provider answers quickly, else the dispatcher sends it.
        order = await paymentCommands.SendNowAsync(order, ct);
        return OrderView.From(order, store, payments.IsTestMode);
    }
}

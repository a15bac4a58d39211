using Microsoft.EntityFrameworkCore;
using FluentValidation;
using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Admin;
using O2O.Application.Notifications;
using O2O.Application.Orders;
using O2O.Application.Payments;
using O2O.Domain.Orders;
using O2O.Domain.Stores;
using O2O.Application.Localization;

namespace O2O.Application.Staff;

/// <summary>
/// Hand-over at the desk: the shopper's pickup code must match. Wrong codes are counted, and after
/// <see cref="Order.MaxFailedPickupAttempts"/> of them the order is locked for a while.
/// </summary>
public sealed record CollectOrder(Guid OrderId, string? PickupCode, Actor Actor) : ICommand<Result<OrderView>>
{
    /// <summary>The clerk confirms they checked the collector's ID; required when a line is age-restricted.</summary>
    public bool IdChecked { get; init; }
}

public sealed class CollectOrderValidator : AbstractValidator<CollectOrder>
{
    public CollectOrderValidator() =>
        RuleFor(x => x.PickupCode).NotEmpty().MaximumLength(12).OverridePropertyName("pickupCode").WithName(_ => Messages.Field_PickupCode);
}

public sealed class CollectOrderHandler(IAppDbContext db, IPaymentGateway payments, PaymentCommandSender paymentCommands, TimeProvider clock,
    Diagnostics.O2OMetrics metrics)
    : ICommandHandler<CollectOrder, Result<OrderView>>
{
    public async ValueTask<Result<OrderView>> Handle(CollectOrder command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await HoldSql.LockOrderAsync(db, command.OrderId, ct)) return Error.NotFound(Messages.NotFound_Order);
        var order = (await OrderAccess.LoadAsync(db, command.OrderId, ct))!;
        if (!await OrderAccess.IsStaffOfAsync(db, order, command.Actor, ct)) return Error.NotFound(Messages.NotFound_Order);

        if (order.Status == OrderStatus.ReadyForPickup && order.IsPickupLocked(now))
        {
            // The clerk reads the time on the store's own clock, with its offset; the instant rides along so a page can
            // write its own sentence, and an API client use its own clock.
            var zone = (await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct)).TimeZone;
            var until = Formats.InZone(order.PickupLockedUntil!.Value, zone);
            return new Error(ErrorKind.Locked, "pickup_locked",
                Texts.Format(Messages.Staff_PickupLocked, Formats.TimeAndZone(until)),
                new Dictionary<string, object?> { ["lockedUntil"] = order.PickupLockedUntil });
        }

        if (order.Status == OrderStatus.ReadyForPickup && order.NeedsIdCheck && !command.IdChecked)
        {
            // Refused before the code is tried, so it is not counted as a wrong attempt and nothing changes.
            return new Error(ErrorKind.Unprocessable, "id_check_required", Messages.Staff_IdCheckRequired,
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["idChecked"] = [Messages.Staff_IdCheckRequired] } });
        }

        if (!order.TryCollect(command.PickupCode!, now, command.Actor.Name, command.IdChecked))
        {
            // The failed attempt is kept: that is what makes the lock-out work.
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new Error(ErrorKind.Invalid, "wrong_pickup_code", Messages.Staff_WrongPickupCode,
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["pickupCode"] = [Messages.Staff_WrongPickupCode] } });
        }

        db.AuditEntries.Add(OrderAudit.Entry(now, command.Actor, "order.collect", order, "ReadyForPickup"));
        if (order.IdCheckedAt is not null)
            db.AuditEntries.Add(new AuditEntry(now, command.Actor.Name, "order.id-check", "Order", order.Id.ToString(), null,
                new { IdChecked = true, order.IdCheckedBy }));
        // The receipt is written with the hand-over, so it goes out exactly when the hand-over commits (and only once:
        // the outbox keeps one receipt per order).
        var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);
        db.Emails.Add(ShopperEmails.Receipt(order, store, now, now));
        var (ids, quantities) = HoldSql.Lines(order);
        await HoldSql.LockStockAsync(db, order.StoreId, ids, ct);
        await HoldSql.ConsumeStockAsync(db, order.StoreId, ids, quantities, ct);
        await Loyalty.OrderLoyalty.EarnAsync(db, order, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        metrics.HandedOver(store.Code);

        // A capture at hand-over is a payment command the domain wrote with the hand-over; it goes out after the commit.
        order = await paymentCommands.SendNowAsync(order, ct);
        return OrderView.From(order, store, payments.IsTestMode);
    }
}

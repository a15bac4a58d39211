using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Notifications;
using O2O.Application.Admin;
using O2O.Application.Orders;
using O2O.Application.Payments;
using O2O.Domain.Stores;
using O2O.Application.Localization;

namespace O2O.Application.Staff;

/// <summary>
/// Staff could not pick some units of a line. The total drops; with capture at order the difference is refunded
/// now, with capture at hand-over the smaller amount is captured later. The units leave the shelf count and the
/// reservation, and the shopper is told.
/// </summary>
public sealed record MarkLineShort(Guid OrderId, Guid LineId, int Quantity, string? Reason, Actor Actor) : ICommand<Result<OrderView>>;

public sealed class MarkLineShortValidator : AbstractValidator<MarkLineShort>
{
    public MarkLineShortValidator()
    {
        RuleFor(x => x.Quantity).GreaterThanOrEqualTo(1).OverridePropertyName("quantity").WithName(_ => Messages.Field_Quantity);
        RuleFor(x => x.Reason).NotEmpty().WithMessage(_ => Messages.Staff_ShortReason).MaximumLength(200).OverridePropertyName("reason").WithName(_ => Messages.Field_Reason);
    }
}

public sealed class MarkLineShortHandler(IAppDbContext db, IPaymentGateway payments, PaymentCommandSender paymentCommands, TimeProvider clock) : ICommandHandler<MarkLineShort, Result<OrderView>>
{
    public async ValueTask<Result<OrderView>> Handle(MarkLineShort command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await HoldSql.LockOrderAsync(db, command.OrderId, ct)) return Error.NotFound(Messages.NotFound_Order);
        var order = (await OrderAccess.LoadAsync(db, command.OrderId, ct))!;
        if (!await StaffScope.CoversAsync(db, command.Actor, order.StoreId, ct)) return Error.NotFound(Messages.NotFound_Order);
        var line = order.Lines.FirstOrDefault(l => l.Id == command.LineId);
        if (line is null) return Error.NotFound(Messages.NotFound_OrderLine);
        if (command.Quantity > line.HeldQuantity)
            return Error.Invalid("quantity", Texts.Format(Messages.Staff_ShortAtMost, line.HeldQuantity));

        var now = clock.GetUtcNow();
        var totalBefore = order.TotalAmount;
        // The code's promotion recomputes its discount on what remains (ADR 52); read, never locked: its uses don't change.
        var promotion = order.PromotionId is { } promotionId ? await db.Promotions.AsNoTracking().FirstAsync(p => p.Id == promotionId, ct) : null;
        var removed = order.MarkLineShort(line.Id, command.Quantity, command.Reason!, now, command.Actor.Name, promotion);
        db.AuditEntries.Add(new AuditEntry(now, command.Actor.Name, "order.short-pick", "Order", order.Id.ToString(),
            new { TotalAmount = totalBefore, line.Sku, ShortQuantity = line.ShortQuantity - command.Quantity },
            new { order.TotalAmount, line.Sku, line.ShortQuantity, line.ShortReason }));
        // The domain wrote the refund (capture at order) as a payment command; it is sent after the commit.
        var refunded = order.CaptureMode == CaptureMode.AtOrder && order.PaymentReference is not null ? removed.Amount : 0;
        // The missing units are gone from the shelf: they leave the count and the reservation together.
        await HoldSql.LockStockAsync(db, order.StoreId, [line.ProductId], ct);
        await HoldSql.ConsumeStockAsync(db, order.StoreId, [line.ProductId], [command.Quantity], ct);
        await Loyalty.OrderLoyalty.GiveBackShortPickAsync(db, order, line.Id, now, ct);
        var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);
        db.Emails.Add(ShopperEmails.ShortPick(order, store, line, command.Quantity, refunded, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        order = await paymentCommands.SendNowAsync(order, ct);
        return OrderView.From(order, store, payments.IsTestMode);
    }
}

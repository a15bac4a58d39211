using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Notifications;
using O2O.Application.Orders;
using O2O.Domain.Orders;

namespace O2O.Application.Payments;

public enum PaymentEventKind
{
    /// <summary>The money is secured: captured (capture at order) or authorised (capture at hand-over).</summary>
    Secured,
    Failed,
}

public enum PaymentEventOutcome
{
    Applied,
    Duplicate,
    UnknownOrder,
    AmountMismatch,
    Ignored,
    ReinstatedAfterExpiry,
    RefundedAfterExpiry,
}

/// <summary>
/// One confirmation from a payment provider, applied once: the event id is recorded in the same
/// transaction as the order change, so a redelivery finds it and changes nothing. <paramref name="Reference"/> is the
/// provider's payment (the PaymentIntent id): the order keeps it for later refunds, voids and captures.
/// An event for an order this database does not hold is not recorded, so the provider delivers it again.
/// </summary>
public sealed record ApplyPaymentEvent(string EventId, string Provider, PaymentEventKind Kind, Guid OrderId, long Amount, string Currency,
    string Reference) : ICommand<PaymentEventOutcome>;

public sealed class ApplyPaymentEventHandler(IAppDbContext db, PaymentCommandSender paymentCommands, TimeProvider clock,
    ILogger<ApplyPaymentEventHandler> logger, Diagnostics.O2OMetrics metrics)
    : ICommandHandler<ApplyPaymentEvent, PaymentEventOutcome>
{
    public async ValueTask<PaymentEventOutcome> Handle(ApplyPaymentEvent e, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var recorded = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO payment_events (event_id, provider, type, order_id, received_at)
            VALUES ({e.EventId}, {e.Provider}, {e.Kind.ToString()}, {e.OrderId}, {now})
            ON CONFLICT (event_id) DO NOTHING
            """, ct);
        if (recorded == 0)
        {
            logger.LogInformation("Payment event {EventId} was already applied", e.EventId);
            return PaymentEventOutcome.Duplicate;
        }

        var outcome = await ApplyAsync(e, now, ct);
        if (outcome == PaymentEventOutcome.UnknownOrder) return outcome; // rolled back: the event stays unrecorded for its redelivery
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        metrics.PaymentEvent(e.Provider, e.Kind, outcome);
        if (outcome == PaymentEventOutcome.RefundedAfterExpiry) await paymentCommands.SendNowAsync(e.OrderId, ct);
        return outcome;
    }

    private async Task<PaymentEventOutcome> ApplyAsync(ApplyPaymentEvent e, DateTimeOffset now, CancellationToken ct)
    {
        if (!await HoldSql.LockOrderAsync(db, e.OrderId, ct))
        {
            logger.LogWarning("Payment event {EventId} names unknown order {OrderId}", e.EventId, e.OrderId);
            return PaymentEventOutcome.UnknownOrder;
        }
        var order = (await OrderAccess.LoadAsync(db, e.OrderId, ct))!;

        if (e.Kind == PaymentEventKind.Failed)
        {
            // The shopper may try again with another card until the hold expires.
            logger.LogInformation("Payment failed for order {OrderNumber}; it stays payable until {HoldExpiresAt}", order.Number, order.HoldExpiresAt);
            return PaymentEventOutcome.Applied;
        }

        if (e.Amount != order.TotalAmount || !string.Equals(e.Currency, order.Currency, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogError("Payment event {EventId} for order {OrderNumber} has {Amount} {Currency} but the order is {Total}; not marked paid",
                e.EventId, order.Number, e.Amount, e.Currency, order.Total);
            return PaymentEventOutcome.AmountMismatch;
        }

        switch (order.Status)
        {
            case OrderStatus.PendingPayment:
                order.RecordPaymentReference(e.Provider, e.Reference);
                order.MarkPaid(OrderTokens.NewPickupCode(), now, e.Provider);
                db.Emails.Add(ShopperEmails.Confirmation(order, await StoreOfAsync(order, ct), now));
                logger.LogInformation("Order {OrderNumber} paid", order.Number);
                return PaymentEventOutcome.Applied;
            case OrderStatus.Expired:
                return await ApplyLatePaymentAsync(order, e, now, ct);
            default:
                logger.LogInformation("Payment event {EventId} ignored: order {OrderNumber} is {Status}", e.EventId, order.Number, order.Status);
                return PaymentEventOutcome.Ignored;
        }
    }

    private Task<Domain.Stores.Store> StoreOfAsync(Order order, CancellationToken ct) =>
        db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);

    /// <summary>
    /// The code's use and the points went back at expiry; without them again the shopper would have paid less than the
    /// goods cost, so a code whose last use went to someone else meanwhile, or a balance now too low, is like stock gone
    /// (ADR 52): what was just taken is given back and the money refunded. Code before points, as every writer locks them.
    /// </summary>
    private async Task<bool> TakeCodeAndPointsAgainAsync(Order order, DateTimeOffset now, CancellationToken ct)
    {
        var tx = db.Database.CurrentTransaction!;
        await tx.CreateSavepointAsync("late_payment_code", ct);
        if (await HoldSql.TakePromoAgainAsync(db, order, now, ct) == Promotions.PromoUseOutcome.Taken
            && await Loyalty.OrderLoyalty.SpendAgainAsync(db, order, now, ct))
        {
            await tx.ReleaseSavepointAsync("late_payment_code", ct);
            return true;
        }
        await tx.RollbackToSavepointAsync("late_payment_code", ct);
        await HoldSql.ReleasePlaceAsync(db, order, ct);
        return false;
    }

    /// <summary>Paid after the hold ran out: hold everything again if it is still there, else give the money back.</summary>
    private async Task<PaymentEventOutcome> ApplyLatePaymentAsync(Order order, ApplyPaymentEvent e, DateTimeOffset now, CancellationToken ct)
    {
        if (order.MoneyBackRequested) return PaymentEventOutcome.Ignored;
        order.RecordPaymentReference(e.Provider, e.Reference);
        var (ids, quantities) = HoldSql.Lines(order);
        var available = (await HoldSql.LockStockAsync(db, order.StoreId, ids, ct)).ToDictionary(a => a.ProductId, a => a.Available);
        var store = await StoreOfAsync(order, ct);
        var stockIsThere = ids.Select((id, i) => available.GetValueOrDefault(id) >= quantities[i]).All(ok => ok);

        if (stockIsThere && order.SlotStart > now && await HoldSql.TakePlaceAsync(db, order, ct)
            && await TakeCodeAndPointsAgainAsync(order, now, ct))
        {
            await HoldSql.HoldStockAsync(db, order.StoreId, ids, quantities, ct);
            order.ReinstateAfterLatePayment(OrderTokens.NewPickupCode(), now, e.Provider);
            db.Emails.Add(ShopperEmails.Confirmation(order, store, now));
            logger.LogInformation("Late payment for order {OrderNumber}: stock and slot held again", order.Number);
            return PaymentEventOutcome.ReinstatedAfterExpiry;
        }

        order.ReturnMoney(MoneyBackReason.PaidTooLate, now, "system");
        db.Emails.Add(ShopperEmails.Cancelled(order, store, CancelledBecause.PaidTooLate, now));
        logger.LogWarning("Late payment for order {OrderNumber}: stock or slot gone, refunded", order.Number);
        return PaymentEventOutcome.RefundedAfterExpiry;
    }
}

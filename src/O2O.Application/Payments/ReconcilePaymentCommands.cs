using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Orders;
using O2O.Domain.Payments;

namespace O2O.Application.Payments;

public enum ReconcileKind
{
    /// <summary>The payment's refunded total is now <c>AmountRefunded</c> (Stripe <c>charge.refunded</c>).</summary>
    Refunded,
    /// <summary>A refund the provider had accepted failed later (Stripe <c>refund.failed</c>).</summary>
    RefundFailed,
    /// <summary>The authorisation is released (Stripe <c>payment_intent.canceled</c>).</summary>
    Voided,
}

/// <summary>
/// A provider event that confirms (or undoes) what payment commands asked, applied once like every payment event:
/// a command whose answer was lost, or that is still waiting for a retry, is settled by the provider's own word.
/// </summary>
public sealed record ReconcilePaymentCommands(string EventId, string Provider, string Reference, ReconcileKind Kind,
    long AmountRefunded = 0, Guid? CommandId = null, string? FailureReason = null) : ICommand<int>;

public sealed class ReconcilePaymentCommandsHandler(IAppDbContext db, TimeProvider clock, ILogger<ReconcilePaymentCommandsHandler> logger)
    : ICommandHandler<ReconcilePaymentCommands, int>
{
    public async ValueTask<int> Handle(ReconcilePaymentCommands e, CancellationToken ct)
    {
        var orderId = await db.PaymentCommands.AsNoTracking()
            .Where(c => e.CommandId != null ? c.Id == e.CommandId : c.Reference == e.Reference)
            .Select(c => (Guid?)c.OrderId).FirstOrDefaultAsync(ct);
        if (orderId is null) return 0; // nothing of ours asked for it (a refund made in Stripe's dashboard)

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var recorded = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO payment_events (event_id, provider, type, order_id, received_at)
            VALUES ({e.EventId}, {e.Provider}, {e.Kind.ToString()}, {orderId}, {now})
            ON CONFLICT (event_id) DO NOTHING
            """, ct);
        if (recorded == 0) return 0;
        await HoldSql.LockOrderAsync(db, orderId.Value, ct);
        var order = (await OrderAccess.LoadAsync(db, orderId.Value, ct))!;
        var settled = 0;
        switch (e.Kind)
        {
            case ReconcileKind.Refunded:
                // The provider's refunded total covers our refunds in the order they were asked for.
                long covered = 0;
                foreach (var refund in order.PaymentCommands.Where(c => c.Kind == PaymentCommandKind.Refund && c.Status != PaymentCommandStatus.Superseded)
                             .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id))
                {
                    covered += refund.Amount;
                    if (covered > e.AmountRefunded) break;
                    if (refund.Status == PaymentCommandStatus.Succeeded) continue;
                    order.CompletePaymentCommand(refund.Id, now);
                    settled++;
                }
                break;
            case ReconcileKind.Voided:
                foreach (var release in order.PaymentCommands.Where(c => c.Kind == PaymentCommandKind.Void && c.IsOutstanding).ToList())
                {
                    order.CompletePaymentCommand(release.Id, now);
                    settled++;
                }
                break;
            case ReconcileKind.RefundFailed when e.CommandId is { } id:
                order.FailPaymentCommandAfterSuccess(id, e.FailureReason ?? "The refund failed.", now);
                settled++;
                break;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (settled > 0) logger.LogInformation("Payment event {EventId} settled {Count} payment commands of order {OrderNumber}", e.EventId, settled, order.Number);
        return settled;
    }
}

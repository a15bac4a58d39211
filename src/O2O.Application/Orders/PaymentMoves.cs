using O2O.Application.Abstractions;
using O2O.Domain.Orders;
using O2O.Domain.Stores;

namespace O2O.Application.Orders;

/// <summary>How money goes back depends on when the store takes it: a refund of a capture, or a void of an authorisation.</summary>
public static class PaymentMoves
{
    public static async Task ReturnMoneyAsync(IPaymentGateway payments, Order order, string reason, DateTimeOffset now, string actor, CancellationToken ct)
    {
        if (order.PaymentReference is null || order.Refunded) return;
        if (order.CaptureMode == CaptureMode.AtHandover) await payments.VoidAsync(order.PaymentReference, ct);
        else await payments.RefundAsync(order.PaymentReference, null, ct);
        order.MarkRefunded(reason, now, actor);
    }
}

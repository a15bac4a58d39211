using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Orders;
using O2O.Domain.Orders;
using O2O.Application.Localization;

namespace O2O.Application.Payments;

/// <summary>
/// The payment of an unpaid order, for the pay page: started by checkout, or started now if checkout's answer was lost.
/// The gateway keys it by order id, so this finds the same payment however often it runs, and nothing is stored.
/// </summary>
public sealed record StartOrderPayment(Guid OrderId, string? AccessToken, Actor Actor) : ICommand<Result<PaymentSession>>;

public sealed class StartOrderPaymentHandler(IAppDbContext db, IPaymentGateway gateway) : ICommandHandler<StartOrderPayment, Result<PaymentSession>>
{
    public async ValueTask<Result<PaymentSession>> Handle(StartOrderPayment command, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == command.OrderId, ct);
        if (order is null || !OrderAccess.IsShopperOf(order, command.Actor, command.AccessToken)) return Error.NotFound(Messages.NotFound_Order);
        if (order.Status != OrderStatus.PendingPayment || order.PaymentProvider != gateway.Provider)
            return new Error(ErrorKind.Conflict, "not_payable", Messages.Payment_NotPayable);
        try
        {
            return await gateway.StartAsync(new PaymentStart(order.Id, order.Number, order.TotalAmount, order.Currency, order.CaptureMode, order.CustomerEmail), ct);
        }
        catch (PaymentGatewayException)
        {
            return new Error(ErrorKind.Unavailable, "payment_unavailable", Messages.Payment_UnavailableRetry);
        }
    }
}

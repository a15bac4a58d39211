using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Payments;

/// <summary>
/// Test payments: the simulated gateway's confirmation, applied through the same path as a Stripe webhook.
/// Not found when a real gateway is active.
/// </summary>
public sealed record SimulatePayment(Guid OrderId, bool Succeeded) : ICommand<Result<SimulatedPaymentResult>>;

public sealed record SimulatedPaymentResult(bool TestPayment, string Outcome, string Status);

public sealed class SimulatePaymentHandler(IAppDbContext db, IPaymentGateway gateway, ISender sender)
    : ICommandHandler<SimulatePayment, Result<SimulatedPaymentResult>>
{

    public async ValueTask<Result<SimulatedPaymentResult>> Handle(SimulatePayment command, CancellationToken ct)
    {
        if (!gateway.IsTestMode) return Error.NotFound(Messages.NotFound_SimulatedGateway);
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == command.OrderId && o.PaymentProvider == gateway.Provider)
            .Select(o => new { o.Number, o.TotalAmount, o.Currency, o.CaptureMode, o.CustomerEmail }).FirstOrDefaultAsync(ct);
        if (order is null) return Error.NotFound(Messages.NotFound_Order);

        // The same session checkout started (the gateway derives it from the order), as a provider's event would name it.
        var session = await gateway.StartAsync(new PaymentStart(command.OrderId, order.Number, order.TotalAmount, order.Currency, order.CaptureMode, order.CustomerEmail), ct);
        var outcome = await sender.Send(new ApplyPaymentEvent($"sim_{Guid.NewGuid():N}", gateway.Provider,
            command.Succeeded ? PaymentEventKind.Secured : PaymentEventKind.Failed, command.OrderId, order.TotalAmount, order.Currency, session.Reference), ct);
        var status = await db.Orders.AsNoTracking().Where(o => o.Id == command.OrderId).Select(o => o.Status).FirstAsync(ct);
        return new SimulatedPaymentResult(true, outcome.ToString(), status.ToString());
    }
}

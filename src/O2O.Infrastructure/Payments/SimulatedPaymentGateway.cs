using Microsoft.Extensions.Logging;
using O2O.Application.Abstractions;
using O2O.Domain.Payments;

namespace O2O.Infrastructure.Payments;

/// <summary>
/// Test payments for demos and local runs: no money moves. Outcomes are driven through
/// POST /api/v1/payments/simulated/{orderId}, which applies the same events a Stripe webhook would.
/// </summary>
public sealed class SimulatedPaymentGateway(ILogger<SimulatedPaymentGateway> logger) : IPaymentGateway
{
    public const string Name = "simulated";

    public string Provider => Name;
    public bool IsTestMode => true;

    public static string ReferenceFor(Guid orderId) => $"sim_{orderId:N}";

    public Task<PaymentSession> StartAsync(PaymentStart request, CancellationToken ct) =>
        Task.FromResult(new PaymentSession(ReferenceFor(request.OrderId), null));

    public Task ExecuteAsync(PaymentCommand command, CancellationToken ct)
    {
        logger.LogInformation("Simulated {Kind} of {Amount} on {Reference} ({Key})", command.Kind, command.Money, command.Reference, command.IdempotencyKey);
        return Task.CompletedTask;
    }
}

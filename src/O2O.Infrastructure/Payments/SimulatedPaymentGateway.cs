using Microsoft.Extensions.Logging;
using O2O.Application.Abstractions;

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

    public Task<PaymentSession> StartAsync(PaymentStart request, CancellationToken ct) =>
        Task.FromResult(new PaymentSession($"sim_{request.OrderId:N}", null));

    public Task RefundAsync(string reference, long? amount, CancellationToken ct)
    {
        logger.LogInformation("Simulated refund of {Amount} on {Reference}", amount?.ToString() ?? "all", reference);
        return Task.CompletedTask;
    }

    public Task VoidAsync(string reference, CancellationToken ct)
    {
        logger.LogInformation("Simulated void of {Reference}", reference);
        return Task.CompletedTask;
    }

    public Task CaptureAsync(string reference, long amount, CancellationToken ct)
    {
        logger.LogInformation("Simulated capture of {Amount} on {Reference}", amount, reference);
        return Task.CompletedTask;
    }
}

using O2O.Domain.Stores;

namespace O2O.Application.Abstractions;

/// <summary>
/// The payment port. Stripe in production; a simulated gateway for demos and local runs.
/// Confirmation never comes from here: it arrives as an event (webhook or simulated call).
/// </summary>
public interface IPaymentGateway
{
    /// <summary>"stripe" or "simulated": stored on each order and shown to shoppers.</summary>
    string Provider { get; }

    /// <summary>True for the simulated gateway: everything it shows is labelled as a test payment.</summary>
    bool IsTestMode { get; }

    Task<PaymentSession> StartAsync(PaymentStart request, CancellationToken ct);

    /// <summary>Returns captured money; <paramref name="amount"/> null means all of it.</summary>
    Task RefundAsync(string reference, long? amount, CancellationToken ct);

    /// <summary>Releases an authorisation that was never captured.</summary>
    Task VoidAsync(string reference, CancellationToken ct);

    /// <summary>Takes <paramref name="amount"/> of an authorisation (capture at hand-over).</summary>
    Task CaptureAsync(string reference, long amount, CancellationToken ct);
}

public sealed record PaymentStart(Guid OrderId, string OrderNumber, long Amount, string Currency, CaptureMode CaptureMode, string CustomerEmail);

public sealed record PaymentSession(string Reference, string? ClientSecret);

public sealed class PaymentGatewayException(string message, Exception? inner = null) : Exception(message, inner);

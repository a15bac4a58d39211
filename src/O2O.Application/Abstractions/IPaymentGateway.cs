using O2O.Domain.Payments;
using O2O.Domain.Stores;

namespace O2O.Application.Abstractions;

/// <summary>
/// The payment port. Stripe in production; a simulated gateway for demos and local runs.
/// Confirmation never comes from here: it arrives as an event (webhook or simulated call).
/// Nothing calls it while holding a row lock: refunds, voids and captures are <see cref="PaymentCommand"/>s sent after commit.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>"stripe" or "simulated": stored on each order and shown to shoppers.</summary>
    string Provider { get; }

    /// <summary>True for the simulated gateway: everything it shows is labelled as a test payment.</summary>
    bool IsTestMode { get; }

    /// <summary>Starts (or, for the same order, finds again: the order id is the idempotency key) the order's payment.</summary>
    Task<PaymentSession> StartAsync(PaymentStart request, CancellationToken ct);

    /// <summary>
    /// Sends one refund, void or capture, with <see cref="PaymentCommand.IdempotencyKey"/>, so sending it again never
    /// moves money twice. Throws <see cref="PaymentGatewayException"/> when the provider failed or refused.
    /// </summary>
    Task ExecuteAsync(PaymentCommand command, CancellationToken ct);
}

public sealed record PaymentStart(Guid OrderId, string OrderNumber, long Amount, string Currency, CaptureMode CaptureMode, string CustomerEmail);

public sealed record PaymentSession(string Reference, string? ClientSecret);

/// <summary>
/// The provider did not do what was asked. <see cref="IsPermanent"/> when it refused (a retry with the same request
/// would be refused again: an admin must look); otherwise it failed or could not be reached, and a retry may work.
/// </summary>
public sealed class PaymentGatewayException(string message, Exception? inner = null, bool isPermanent = false) : Exception(message, inner)
{
    public bool IsPermanent { get; } = isPermanent;
}

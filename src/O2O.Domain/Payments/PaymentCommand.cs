using O2O.Domain.Common;

namespace O2O.Domain.Payments;

/// <summary>Stored and serialised by name.</summary>
public enum PaymentCommandKind
{
    /// <summary>Captured money goes back to the shopper (all of what is left, or a short pick's part).</summary>
    Refund,
    /// <summary>An authorisation that was never captured is released.</summary>
    Void,
    /// <summary>An authorisation is taken at hand-over.</summary>
    Capture,
}

/// <summary>Stored and serialised by name.</summary>
public enum PaymentCommandStatus
{
    /// <summary>Waiting to be sent, or to be sent again after a transient failure.</summary>
    Pending,
    Succeeded,
    /// <summary>Refused for good, or out of attempts: an admin must look at it ("payments needing attention").</summary>
    Failed,
    /// <summary>A failed command an admin retried: a new command with its own id (and so its own idempotency key) replaced it.</summary>
    Superseded,
}

/// <summary>
/// A refund, void or capture the order owes the payment provider. It is written in the same transaction as the
/// order change that causes it, and sent after commit by a dispatcher, so no provider call ever runs while the
/// order row is locked (ADR 14). Its id is the provider's idempotency key: a retry of the same command can never
/// move money twice, and two commands (two short picks of the same amount) are two movements.
/// </summary>
public sealed class PaymentCommand
{
    public const int MaxAttempts = 10;

    private PaymentCommand() { }

    internal PaymentCommand(Guid orderId, Guid storeId, PaymentCommandKind kind, Money amount, string provider, string reference,
        string reason, DateTimeOffset now, Guid? id = null, Guid? returnId = null)
    {
        Id = id ?? Guid.CreateVersion7(now);
        ReturnId = returnId;
        OrderId = orderId;
        StoreId = storeId;
        Kind = kind;
        Amount = amount.Amount;
        Currency = amount.Currency;
        Provider = provider;
        Reference = reference;
        Reason = reason;
        Status = PaymentCommandStatus.Pending;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    public Guid OrderId { get; private set; }
    public Guid StoreId { get; private set; }
    public PaymentCommandKind Kind { get; private set; }
    public long Amount { get; private set; }
    public string Currency { get; private set; } = "";
    public string Provider { get; private set; } = "";
    /// <summary>The provider's payment (a Stripe PaymentIntent id).</summary>
    public string Reference { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public PaymentCommandStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    /// <summary>Set by the dispatcher that claimed it; another dispatcher may take it over once this has passed.</summary>
    public DateTimeOffset? LeaseUntil { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>The counter return this refund pays back (its first command has the return's id, so one return is one refund).</summary>
    public Guid? ReturnId { get; private set; }
    /// <summary>The command that replaced this one when an admin retried it.</summary>
    public Guid? SupersededBy { get; private set; }

    public Money Money => new(Amount, Currency);

    /// <summary>Sent back to the shopper (a refund or a void), as opposed to taken (a capture).</summary>
    public bool ReturnsMoney => Kind is PaymentCommandKind.Refund or PaymentCommandKind.Void;

    /// <summary>Still owed: pending, or refused and waiting for an admin.</summary>
    public bool IsOutstanding => Status is PaymentCommandStatus.Pending or PaymentCommandStatus.Failed;

    public string IdempotencyKey => $"o2o-cmd-{Id}";

    internal void MarkSucceeded(DateTimeOffset at)
    {
        if (Status == PaymentCommandStatus.Succeeded) return;
        if (Status == PaymentCommandStatus.Superseded) throw new DomainException("This payment command was replaced by another.");
        Status = PaymentCommandStatus.Succeeded;
        CompletedAt = at;
        LeaseUntil = null;
        LastError = null;
    }

    /// <summary>
    /// A failed attempt. A transient one (the provider down, slow or unreachable) is tried again with exponential
    /// backoff from <paramref name="firstRetry"/> (30 s) up to an hour, until <see cref="MaxAttempts"/>; a refusal is
    /// final until an admin retries.
    /// </summary>
    internal void MarkAttemptFailed(string error, bool permanent, int attempts, DateTimeOffset at, TimeSpan? firstRetry = null)
    {
        if (Status != PaymentCommandStatus.Pending) return;
        Attempts = Math.Max(Attempts, attempts);
        LastError = error.Length > 500 ? error[..500] : error;
        LeaseUntil = null;
        if (permanent || Attempts >= MaxAttempts)
        {
            Status = PaymentCommandStatus.Failed;
            return;
        }
        var first = (firstRetry ?? TimeSpan.FromSeconds(30)).TotalSeconds;
        NextAttemptAt = at + TimeSpan.FromSeconds(Math.Min(3600, first * Math.Pow(2, Attempts - 1)));
    }

    /// <summary>The provider accepted it, then reported it failed (a refund to a closed card account): back to an admin.</summary>
    internal void MarkFailedAfterSuccess(string error, DateTimeOffset at)
    {
        if (Status != PaymentCommandStatus.Succeeded) return;
        Status = PaymentCommandStatus.Failed;
        LastError = error.Length > 500 ? error[..500] : error;
        CompletedAt = at;
    }

    internal PaymentCommand Supersede(DateTimeOffset at)
    {
        if (Status != PaymentCommandStatus.Failed) throw new DomainException("Only a failed payment command can be retried.");
        var next = new PaymentCommand(OrderId, StoreId, Kind, Money, Provider, Reference, Reason, at, returnId: ReturnId);
        Status = PaymentCommandStatus.Superseded;
        SupersededBy = next.Id;
        CompletedAt = at;
        return next;
    }
}

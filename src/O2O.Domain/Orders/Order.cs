using O2O.Domain.Common;
using O2O.Domain.Pickup;
using O2O.Domain.Stores;

namespace O2O.Domain.Orders;

public sealed class Order
{
    public const int MaxFailedPickupAttempts = 5;
    public static readonly TimeSpan PickupLockout = TimeSpan.FromMinutes(15);

    private readonly List<OrderLine> _lines = [];
    private readonly List<OrderStatusChange> _history = [];

    private Order() { }

    public Order(Guid id, string number, Guid storeId, Customer customer, string? userId, PickupSlot slot,
        IEnumerable<(Guid ProductId, string Sku, string Name, Money UnitPrice, int Quantity)> lines,
        CaptureMode captureMode, string accessTokenHash, DateTimeOffset now, DateTimeOffset holdExpiresAt)
    {
        Id = id;
        Number = number;
        StoreId = storeId;
        CustomerEmail = customer.Email;
        CustomerName = customer.Name;
        CustomerPhone = customer.Phone;
        UserId = userId;
        SlotStart = slot.Start.ToUniversalTime();
        SlotEnd = slot.End.ToUniversalTime();
        CaptureMode = captureMode;
        AccessTokenHash = accessTokenHash;
        CreatedAt = now;
        HoldExpiresAt = holdExpiresAt;
        Status = OrderStatus.PendingPayment;
        foreach (var l in lines) _lines.Add(new OrderLine(Guid.CreateVersion7(), l.ProductId, l.Sku, l.Name, l.UnitPrice, l.Quantity));
        if (_lines.Count == 0) throw new DomainException("An order needs at least one line.");
        if (_lines.Select(l => l.Currency).Distinct().Count() != 1) throw new DomainException("An order is in one currency.");
        var total = _lines.Select(l => l.LineTotal).Aggregate((a, b) => a.Plus(b));
        TotalAmount = total.Amount;
        Currency = total.Currency;
        _history.Add(new OrderStatusChange(Status, now, "shopper", null));
    }

    public Guid Id { get; private set; }
    public string Number { get; private set; } = "";
    public Guid StoreId { get; private set; }
    public OrderStatus Status { get; private set; }
    public string CustomerEmail { get; private set; } = "";
    public string CustomerName { get; private set; } = "";
    public string? CustomerPhone { get; private set; }
    public string? UserId { get; private set; }
    public DateTimeOffset SlotStart { get; private set; }
    public DateTimeOffset SlotEnd { get; private set; }
    public long TotalAmount { get; private set; }
    public string Currency { get; private set; } = "";
    public CaptureMode CaptureMode { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset HoldExpiresAt { get; private set; }
    public string AccessTokenHash { get; private set; } = "";
    public string? PickupCode { get; private set; }
    public int FailedPickupAttempts { get; private set; }
    public DateTimeOffset? PickupLockedUntil { get; private set; }
    public string PaymentProvider { get; private set; } = "";
    public string? PaymentReference { get; private set; }
    public string? PaymentClientSecret { get; private set; }
    /// <summary>True once the money was returned (refund, or a void of an authorisation).</summary>
    public bool Refunded { get; private set; }
    public string? RefundReason { get; private set; }
    public DateTimeOffset? ReminderSentAt { get; private set; }
    public uint Version { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;
    public IReadOnlyList<OrderStatusChange> History => _history;
    public Money Total => new(TotalAmount, Currency);

    public void AttachPayment(string provider, string reference, string? clientSecret)
    {
        PaymentProvider = provider;
        PaymentReference = reference;
        PaymentClientSecret = clientSecret;
    }

    public void MarkPaid(string pickupCode, DateTimeOffset at, string actor)
    {
        MoveTo(OrderStatus.Paid, at, actor);
        PickupCode = pickupCode;
    }

    /// <summary>A payment arrived after the hold expired and the stock and slot could be held again.</summary>
    public void ReinstateAfterLatePayment(string pickupCode, DateTimeOffset at, string actor)
    {
        if (Status != OrderStatus.Expired) throw new IllegalTransitionException(Status, OrderStatus.Paid);
        Status = OrderStatus.Paid;
        PickupCode = pickupCode;
        _history.Add(new OrderStatusChange(OrderStatus.Paid, at, actor, "Paid after the hold expired; stock and slot held again."));
    }

    public void Expire(DateTimeOffset at) => MoveTo(OrderStatus.Expired, at, "system", "Payment hold expired.");

    public void MarkReady(DateTimeOffset at, string actor) => MoveTo(OrderStatus.ReadyForPickup, at, actor);

    public void Cancel(DateTimeOffset at, string actor, string? reason) => MoveTo(OrderStatus.Cancelled, at, actor, reason);

    public void MarkNoShow(DateTimeOffset at, string actor = "system") => MoveTo(OrderStatus.NoShow, at, actor, "Not collected within the hold days.");

    public void MarkReminderSent(DateTimeOffset at) => ReminderSentAt = at;

    public bool IsPickupLocked(DateTimeOffset now) => PickupLockedUntil is { } until && until > now;

    /// <summary>Checks the code and, when it matches, hands the order over.</summary>
    public bool TryCollect(string code, DateTimeOffset at, string actor)
    {
        if (Status != OrderStatus.ReadyForPickup) throw new IllegalTransitionException(Status, OrderStatus.Collected);
        if (IsPickupLocked(at)) throw new DomainException("Too many wrong pickup codes; the order is locked for a while.");
        if (!string.Equals(PickupCode, code?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            FailedPickupAttempts++;
            if (FailedPickupAttempts >= MaxFailedPickupAttempts)
            {
                PickupLockedUntil = at + PickupLockout;
                FailedPickupAttempts = 0;
            }
            return false;
        }
        FailedPickupAttempts = 0;
        MoveTo(OrderStatus.Collected, at, actor);
        return true;
    }

    /// <summary>
    /// Staff could not pick <paramref name="units"/> of a line: the order total drops by their price.
    /// Returns the amount taken off, which the caller refunds (capture at order) or leaves uncaptured.
    /// </summary>
    public Money MarkLineShort(Guid lineId, int units, string reason, DateTimeOffset at, string actor)
    {
        if (Status is not (OrderStatus.Paid or OrderStatus.ReadyForPickup))
            throw new IllegalTransitionException(Status, Status);
        var line = _lines.FirstOrDefault(l => l.Id == lineId) ?? throw new DomainException("The order has no such line.");
        line.MarkShort(units, reason);
        var removed = line.UnitPrice.Times(units);
        TotalAmount -= removed.Amount;
        _history.Add(new OrderStatusChange(Status, at, actor, $"Short pick: {units} × {line.Name} ({reason.Trim()})."));
        return removed;
    }

    public void MarkRefunded(string reason, DateTimeOffset at, string actor)
    {
        Refunded = true;
        RefundReason = reason;
        _history.Add(new OrderStatusChange(Status, at, actor, $"Refunded: {reason}"));
    }

    private void MoveTo(OrderStatus next, DateTimeOffset at, string actor, string? note = null)
    {
        if (!Status.CanMoveTo(next)) throw new IllegalTransitionException(Status, next);
        Status = next;
        _history.Add(new OrderStatusChange(next, at, actor, note));
    }
}

public sealed record Customer(string Email, string Name, string? Phone);

public sealed class IllegalTransitionException(OrderStatus from, OrderStatus to)
    : DomainException($"An order cannot go from {from} to {to}.")
{
    public OrderStatus From { get; } = from;
    public OrderStatus To { get; } = to;
}

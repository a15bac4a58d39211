using O2O.Domain.Common;

namespace O2O.Domain.Orders;

/// <summary>
/// Collected items a clerk took back at a store's counter. The money goes back through one refund command keyed by
/// this return (its first command's id is the return's id); restocked units went back on hand at <see cref="StoreId"/>,
/// which need not be the pickup store.
/// </summary>
public sealed class OrderReturn
{
    public const int ReasonMaxLength = 200;

    /// <summary>The short list a clerk chooses from; anything else is the clerk's own words.</summary>
    public static readonly IReadOnlyList<string> ReasonCodes = ["changed_mind", "damaged", "faulty", "wrong_item", "not_as_described"];

    private readonly List<OrderReturnLine> _lines = [];

    private OrderReturn() { }

    internal OrderReturn(Guid id, Guid orderId, Guid storeId, string storeName, string reason, Money refund, string actor,
        DateTimeOffset at, string? idempotencyKeyHash, string? requestHash)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > ReasonMaxLength)
            throw new DomainException($"A return needs a reason of at most {ReasonMaxLength} characters.");
        Id = id;
        OrderId = orderId;
        StoreId = storeId;
        StoreName = storeName;
        Reason = reason.Trim();
        RefundAmount = refund.Amount;
        Currency = refund.Currency;
        Actor = actor;
        CreatedAt = at;
        IdempotencyKeyHash = idempotencyKeyHash;
        RequestHash = requestHash;
    }

    public Guid Id { get; private set; }
    public Guid OrderId { get; private set; }
    /// <summary>The store whose counter took the items back (and whose shelf restocked units went to).</summary>
    public Guid StoreId { get; private set; }
    /// <summary>As it was called when the items came back: a return is a record, like a receipt.</summary>
    public string StoreName { get; private set; } = "";
    /// <summary>One of <see cref="ReasonCodes"/> (read in the reader's language), or the clerk's own words.</summary>
    public string Reason { get; private set; } = "";
    public long RefundAmount { get; private set; }
    public string Currency { get; private set; } = "";
    public string Actor { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>The caller's Idempotency-Key (scoped, hashed): a retry whose answer was lost finds this return, even after a crash.</summary>
    public string? IdempotencyKeyHash { get; private set; }
    public string? RequestHash { get; private set; }
    public IReadOnlyList<OrderReturnLine> Lines => _lines;

    public Money Refund => new(RefundAmount, Currency);
    public bool ReasonIsCode => ReasonCodes.Contains(Reason);

    /// <summary>A returned line and what it gives back (its price less its share of the points discount).</summary>
    internal void Add(OrderLine line, int quantity, bool restock, Money amount) =>
        _lines.Add(new OrderReturnLine(Id, line.Id, line.ProductId, line.Sku, line.Name, quantity, restock, amount));
}

public sealed class OrderReturnLine
{
    private OrderReturnLine() { }

    internal OrderReturnLine(Guid returnId, Guid orderLineId, Guid productId, string sku, string name, int quantity, bool restock, Money amount)
    {
        if (quantity < 1) throw new DomainException("A returned line has at least one unit.");
        ReturnId = returnId;
        OrderLineId = orderLineId;
        ProductId = productId;
        Sku = sku;
        Name = name;
        Quantity = quantity;
        Restock = restock;
        Amount = amount.Amount;
    }

    public Guid ReturnId { get; private set; }
    public Guid OrderLineId { get; private set; }
    public Guid ProductId { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public int Quantity { get; private set; }
    /// <summary>Back on hand at the return's store; otherwise written off (damaged, opened).</summary>
    public bool Restock { get; private set; }
    /// <summary>What this line gives back, in the order's currency.</summary>
    public long Amount { get; private set; }
}

using O2O.Domain.Common;

namespace O2O.Domain.Carts;

/// <summary>
/// A shopper's cart, kept in the database and found by a cookie, so it survives restarts and works across
/// app instances. It holds no stock: availability is checked against the chosen store when it is shown.
/// </summary>
public sealed class Cart
{
    public const int MaxQuantity = 99;
    public const int MaxLines = 50;

    private readonly List<CartLine> _lines = [];

    private Cart() { }

    public Cart(Guid id, DateTimeOffset now)
    {
        Id = id;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid? StoreId { get; private set; }
    /// <summary>The signed-in shopper whose cart this is, on every device; null for a visitor's cart.</summary>
    public string? UserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public IReadOnlyList<CartLine> Lines => _lines;

    public void ChooseStore(Guid storeId, DateTimeOffset now)
    {
        StoreId = storeId;
        UpdatedAt = now;
    }

    public void Add(Guid productId, int quantity, DateTimeOffset now)
    {
        if (quantity < 1) throw new DomainException("Add at least one.");
        var line = _lines.FirstOrDefault(l => l.ProductId == productId);
        if (line is null)
        {
            if (_lines.Count >= MaxLines) throw new DomainException($"A cart holds at most {MaxLines} different products.");
            _lines.Add(new CartLine(productId, Math.Min(quantity, MaxQuantity)));
        }
        else line.Set(Math.Min(line.Quantity + quantity, MaxQuantity));
        UpdatedAt = now;
    }

    /// <summary>Sets a line's quantity; zero removes it.</summary>
    public void SetQuantity(Guid productId, int quantity, DateTimeOffset now)
    {
        if (quantity is < 0 or > MaxQuantity) throw new DomainException($"Quantity must be between 0 and {MaxQuantity}.");
        var line = _lines.FirstOrDefault(l => l.ProductId == productId);
        if (line is null) return;
        if (quantity == 0) _lines.Remove(line);
        else line.Set(quantity);
        UpdatedAt = now;
    }

    public void Clear(DateTimeOffset now)
    {
        _lines.Clear();
        UpdatedAt = now;
    }

    public void BelongTo(string userId, DateTimeOffset now)
    {
        if (UserId is not null && UserId != userId) throw new DomainException("This cart belongs to another account.");
        UserId = userId;
        UpdatedAt = now;
    }

    /// <summary>
    /// What a shopper put in a cart before signing in joins their account's cart: quantities add up (to the usual
    /// limits), and the store chosen on that device, the one they were just shopping for, becomes the account's.
    /// </summary>
    public void TakeOver(Cart visitor, DateTimeOffset now)
    {
        foreach (var line in visitor.Lines)
            if (_lines.Count < MaxLines || _lines.Any(l => l.ProductId == line.ProductId))
                Add(line.ProductId, line.Quantity, now);
        if (visitor.StoreId is { } store) StoreId = store;
        UpdatedAt = now;
        visitor.Clear(now);
    }
}

public sealed class CartLine
{
    private CartLine() { }

    internal CartLine(Guid productId, int quantity)
    {
        ProductId = productId;
        Quantity = quantity;
    }

    public Guid CartId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Quantity { get; private set; }

    internal void Set(int quantity) => Quantity = quantity;
}

using O2O.Domain.Common;

namespace O2O.Domain.Orders;

/// <summary>A line priced from the catalog when the order was placed; later price changes never touch it.</summary>
public sealed class OrderLine
{
    private OrderLine() { }

    internal OrderLine(Guid id, Guid productId, string sku, string name, Money unitPrice, int quantity)
    {
        if (quantity < 1) throw new DomainException("A line needs a quantity of at least 1.");
        Id = id;
        ProductId = productId;
        Sku = sku;
        Name = name;
        UnitPriceAmount = unitPrice.Amount;
        Currency = unitPrice.Currency;
        Quantity = quantity;
    }

    public Guid Id { get; private set; }
    public Guid OrderId { get; private set; }
    public Guid ProductId { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public long UnitPriceAmount { get; private set; }
    public string Currency { get; private set; } = "";
    public int Quantity { get; private set; }

    public Money UnitPrice => new(UnitPriceAmount, Currency);
    public Money LineTotal => UnitPrice.Times(Quantity);
}

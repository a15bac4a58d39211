using O2O.Domain.Common;
using O2O.Domain.Tax;

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
    /// <summary>Units staff could not pick; they are neither handed over nor paid for.</summary>
    public int ShortQuantity { get; private set; }
    public string? ShortReason { get; private set; }
    /// <summary>
    /// Units taken back at a counter after collection. The database keeps it within what was collected (a CHECK, and the
    /// guarded UPDATE that raises it, ADR 47); EF never writes it, so this copy only mirrors what that UPDATE did.
    /// </summary>
    public int ReturnedQuantity { get; private set; }

    /// <summary>
    /// The product's "ID check" flag as it was when the order was placed (written by the placing statement from the
    /// catalog): a later change of the flag does not change what the desk must check for this order.
    /// </summary>
    public bool AgeRestricted { get; private set; }

    /// <summary>The product's tax category when the order was placed, and the rate the hand-over store's country charged for it then.</summary>
    public TaxCategory TaxCategory { get; private set; }
    public int VatRateBasisPoints { get; private set; }

    /// <summary>The product's catalog category when the order was placed: what a promotion's coverage is judged by, then and at a short pick.</summary>
    public string Category { get; private set; } = "";

    /// <summary>
    /// This line's share of the order's promotion discount (ADR 52), on the units it holds; the lines' shares add up to
    /// <see cref="Order.PromoDiscountAmount"/> exactly, and a CHECK keeps each within the line's goods.
    /// </summary>
    public long PromoDiscountAmount { get; private set; }

    /// <summary>Units this line still holds and will hand over.</summary>
    public int HeldQuantity => Quantity - ShortQuantity;
    /// <summary>Units that can still come back: collected and not yet returned.</summary>
    public int ReturnableQuantity => HeldQuantity - ReturnedQuantity;
    public Money UnitPrice => new(UnitPriceAmount, Currency);
    public Money LineTotal => UnitPrice.Times(HeldQuantity);
    public VatRate VatRate => new(VatRateBasisPoints);

    internal void ChargeVat(TaxCategory category, VatRate rate)
    {
        TaxCategory = category;
        VatRateBasisPoints = rate.BasisPoints;
    }

    internal void Categorize(string category) => Category = category;

    internal void DiscountBy(long amount)
    {
        if (amount < 0 || amount > LineTotal.Amount) throw new DomainException("A line's discount is between nothing and its goods.");
        PromoDiscountAmount = amount;
    }

    /// <summary>
    /// The line's promotion share on its first <paramref name="returnedUnits"/> returned units, floor(discount × units ÷ held):
    /// counted cumulatively, so every return of the line together gives back exactly its discount.
    /// </summary>
    public long PromoShareOfReturned(int returnedUnits) =>
        HeldQuantity == 0 ? 0 : (long)((Int128)PromoDiscountAmount * returnedUnits / HeldQuantity);

    internal void MarkShort(int shortQuantity, string reason)
    {
        if (shortQuantity < 1 || shortQuantity > HeldQuantity)
            throw new DomainException($"A short pick is between 1 and {HeldQuantity} units on this line.");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Say why the line is short.");
        ShortQuantity += shortQuantity;
        ShortReason = reason.Trim();
    }

    internal void MarkReturned(int units)
    {
        if (units < 1 || units > ReturnableQuantity)
            throw new DomainException($"A return is between 1 and {ReturnableQuantity} units on this line.");
        ReturnedQuantity += units;
    }
}

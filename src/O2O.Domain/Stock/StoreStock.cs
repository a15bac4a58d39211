using O2O.Domain.Common;

namespace O2O.Domain.Stock;

/// <summary>
/// Units of one product at one store. <see cref="Reserved"/> counts units held by live orders.
/// Under concurrency the database keeps 0 ≤ reserved ≤ on hand (CHECK constraints); reservations are
/// taken with conditional SQL updates, never through this entity.
/// </summary>
public sealed class StoreStock
{
    private StoreStock() { }

    public StoreStock(Guid storeId, Guid productId, int onHand)
    {
        StoreId = storeId;
        ProductId = productId;
        SetOnHand(onHand);
    }

    public Guid StoreId { get; private set; }
    public Guid ProductId { get; private set; }
    public int OnHand { get; private set; }
    public int Reserved { get; private set; }

    public int Available => OnHand - Reserved;

    public void SetOnHand(int onHand)
    {
        if (onHand < 0) throw new DomainException("On hand cannot be negative.");
        if (onHand < Reserved) throw new DomainException($"On hand cannot go below the {Reserved} units reserved.");
        OnHand = onHand;
    }
}

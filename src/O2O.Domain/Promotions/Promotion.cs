using O2O.Domain.Common;

namespace O2O.Domain.Promotions;

public enum PromotionKind
{
    /// <summary><see cref="Promotion.PercentBasisPoints"/> off the goods it covers (1000 = 10 %).</summary>
    PercentOff,
    /// <summary><see cref="Promotion.AmountOffMinor"/> off, in <see cref="Promotion.Currency"/>, spread over the goods it covers.</summary>
    AmountOff,
}

/// <summary>How shoppers get the promotion's codes (ADR 51).</summary>
public enum PromoCodeMode
{
    /// <summary>One code for everyone (printed on a poster, say), limited by the promotion's uses.</summary>
    Shared,
    /// <summary>A batch of unique codes, each usable once: the codes a campaign hands out, one per shopper.</summary>
    SingleUse,
}

/// <summary>
/// A discount and the rules of who may have it (ADR 51). How many times it was used is the database's business:
/// <see cref="Uses"/> is raised and lowered only by the guarded statements of Application/Promotions/PromoSql.cs, in the
/// transaction of the order or the counter sale that uses it, and a CHECK keeps it within <see cref="MaxUses"/>.
/// </summary>
public sealed class Promotion
{
    public const int NameMaxLength = 120;
    public const int MaxCategories = 50;
    public const int MaxProducts = 500;
    public const int MaxStores = 500;

    /// <summary>
    /// The most of an order's goods a promotion takes, so that every order is still confirmed by a payment (as points,
    /// ADR 48): a 100 % code or a fixed amount above the basket leaves a tenth to pay.
    /// </summary>
    public const int MaxShareBasisPoints = 9_000;

    private Promotion() { }

    public Promotion(Guid id, string name, PromotionKind kind, int? percentBasisPoints, long? amountOffMinor, string? currency,
        PromoCodeMode codeMode, DateTimeOffset createdAt)
    {
        Id = id;
        CodeMode = codeMode;
        CreatedAt = createdAt;
        Rename(name);
        ChangeDiscount(kind, percentBasisPoints, amountOffMinor, currency);
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public PromotionKind Kind { get; private set; }
    public int? PercentBasisPoints { get; private set; }
    public long? AmountOffMinor { get; private set; }
    /// <summary>The currency of the fixed amount and of the minimum subtotal; null for a percentage without a minimum (any currency).</summary>
    public string? Currency { get; private set; }
    public long? MinimumSubtotalMinor { get; private set; }
    /// <summary>The products it covers; with <see cref="Categories"/> both empty it covers every product.</summary>
    public List<Guid> ProductIds { get; private set; } = [];
    /// <summary>The catalog categories it covers (as <c>Product.Category</c>), alongside <see cref="ProductIds"/>.</summary>
    public List<string> Categories { get; private set; } = [];
    /// <summary>The stores where it can be used, online for pickup there or at their counter; empty means every store.</summary>
    public List<Guid> StoreIds { get; private set; } = [];
    /// <summary>From when, on each store's own clock (wall time, no zone): a promotion "from 1 June 09:00" starts at 09:00 in Paris and in Lisbon.</summary>
    public DateTime? ValidFrom { get; private set; }
    /// <summary>Until when (excluded), on each store's own clock.</summary>
    public DateTime? ValidUntil { get; private set; }
    public bool FirstOrderOnly { get; private set; }
    public int? MaxUses { get; private set; }
    /// <summary>Uses per customer, counted by account and by email alike (ADR 51); null for no limit.</summary>
    public int? MaxUsesPerCustomer { get; private set; }
    public PromoCodeMode CodeMode { get; private set; }
    public bool Paused { get; private set; }
    /// <summary>Live uses (orders and counter sales not given back): written by SQL only, so EF never saves it.</summary>
    public int Uses { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public uint Version { get; private set; }

    public bool CoversEveryProduct => ProductIds.Count == 0 && Categories.Count == 0;

    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength)
            throw new DomainException($"A promotion's name is 1 to {NameMaxLength} characters.");
        Name = name.Trim();
    }

    public void ChangeDiscount(PromotionKind kind, int? percentBasisPoints, long? amountOffMinor, string? currency)
    {
        switch (kind)
        {
            case PromotionKind.PercentOff when percentBasisPoints is >= 1 and <= 10_000 && amountOffMinor is null:
                break;
            case PromotionKind.AmountOff when percentBasisPoints is null && amountOffMinor > 0 && currency is not null:
                break;
            default:
                throw new DomainException("A percentage promotion gives 0.01 to 100 %; a fixed one gives an amount above zero in a currency.");
        }
        if (currency is not null) _ = new Money(0, currency); // validates the ISO code
        if (currency is null && MinimumSubtotalMinor is not null)
            throw new DomainException("A minimum subtotal needs the promotion's currency.");
        Kind = kind;
        PercentBasisPoints = percentBasisPoints;
        AmountOffMinor = amountOffMinor;
        Currency = currency;
    }

    public void ChangeConditions(long? minimumSubtotalMinor, IEnumerable<Guid> productIds, IEnumerable<string> categories,
        IEnumerable<Guid> storeIds, DateTime? validFrom, DateTime? validUntil, bool firstOrderOnly)
    {
        if (minimumSubtotalMinor is <= 0) throw new DomainException("A minimum subtotal is above zero.");
        if (minimumSubtotalMinor is not null && Currency is null) throw new DomainException("A minimum subtotal needs the promotion's currency.");
        if (validFrom is { } from && validUntil is { } until && until <= from) throw new DomainException("A promotion ends after it starts.");
        var products = productIds.Distinct().ToList();
        var cats = categories.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var stores = storeIds.Distinct().ToList();
        if (products.Count > MaxProducts || cats.Count > MaxCategories || stores.Count > MaxStores)
            throw new DomainException("A promotion names too many products, categories or stores.");
        MinimumSubtotalMinor = minimumSubtotalMinor;
        ProductIds = products;
        Categories = cats;
        StoreIds = stores;
        ValidFrom = validFrom is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Unspecified) : null;
        ValidUntil = validUntil is { } u ? DateTime.SpecifyKind(u, DateTimeKind.Unspecified) : null;
        FirstOrderOnly = firstOrderOnly;
    }

    /// <summary>
    /// A first-order promotion is one per customer whatever the admin typed: two first orders placed at the same instant
    /// can't both pass the "no earlier order" check in a way the database settles, but the per-customer count can.
    /// </summary>
    public void ChangeLimits(int? maxUses, int? maxUsesPerCustomer)
    {
        if (maxUses is < 1 || maxUsesPerCustomer is < 1) throw new DomainException("A limit is at least one use.");
        if (maxUses is { } max && max < Uses) throw new DomainException($"This promotion has been used {Uses} times already.");
        MaxUses = maxUses;
        MaxUsesPerCustomer = FirstOrderOnly ? 1 : maxUsesPerCustomer;
    }

    public void Pause() => Paused = true;

    public void Resume() => Paused = false;

    public bool CoversStore(Guid storeId) => StoreIds.Count == 0 || StoreIds.Contains(storeId);

    public bool Covers(Guid productId, string category) =>
        CoversEveryProduct || ProductIds.Contains(productId) || Categories.Contains(category, StringComparer.Ordinal);
}

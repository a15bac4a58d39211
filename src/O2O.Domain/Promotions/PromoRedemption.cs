namespace O2O.Domain.Promotions;

public enum RedemptionChannel
{
    /// <summary>An order placed online carries the code.</summary>
    Online,
    /// <summary>A sale at a store's till: the desk page or a point of sale through the API.</summary>
    Counter,
}

/// <summary>
/// One use of a code (ADR 51): written and given back only by Application/Promotions/PromoSql.cs, in the transaction that
/// uses it. A use given back keeps its row, with when and why, so the admin's list of redemptions tells the whole story.
/// </summary>
public sealed class PromoRedemption
{
    public const int ExternalReferenceMaxLength = 100;

    private PromoRedemption() { }

    public Guid Id { get; private set; }
    public Guid PromotionId { get; private set; }
    public Guid CodeId { get; private set; }
    public RedemptionChannel Channel { get; private set; }
    public Guid StoreId { get; private set; }
    public Guid? OrderId { get; private set; }
    /// <summary>The till's own reference for a counter sale; the same one again replays the first answer.</summary>
    public string? ExternalReference { get; private set; }
    /// <summary>Who it counted against for the per-customer limit ("user:…", "email:…"); empty at a till.</summary>
    public List<string> CustomerKeys { get; private set; } = [];
    public long SubtotalMinor { get; private set; }
    public long DiscountMinor { get; private set; }
    public string Currency { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string Actor { get; private set; } = "";
    public DateTimeOffset? ReleasedAt { get; private set; }
    /// <summary>Why the use came back: expired, cancelled, no_show, payment_failed, voided.</summary>
    public string? ReleasedReason { get; private set; }

    public bool IsLive => ReleasedAt is null;
}

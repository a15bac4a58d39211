namespace O2O.Domain.Promotions;

/// <summary>
/// An email to shoppers who agreed to marketing, each with their own single-use code of <see cref="PromotionId"/>
/// (ADR 51), optionally only those near <see cref="StoreId"/>. Who got it is <see cref="CampaignRecipient"/>.
/// </summary>
public sealed class Campaign
{
    public const int NameMaxLength = 120;

    private Campaign() { }

    public Campaign(Guid id, string name, Guid promotionId, Guid? storeId, int? radiusKm, DateTimeOffset createdAt, string createdBy)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength)
            throw new Common.DomainException($"A campaign's name is 1 to {NameMaxLength} characters.");
        if (radiusKm is not null && storeId is null) throw new Common.DomainException("A radius is around a store.");
        if (radiusKm is < 1 or > 500) throw new Common.DomainException("A radius is 1 to 500 km.");
        Id = id;
        Name = name.Trim();
        PromotionId = promotionId;
        StoreId = storeId;
        RadiusKm = radiusKm;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public Guid PromotionId { get; private set; }
    /// <summary>The store the email invites to (its name and hours are in it); null for every store the promotion covers.</summary>
    public Guid? StoreId { get; private set; }
    public int? RadiusKm { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    /// <summary>When the sending finished; recipients are written as it goes, so a send cut short is completed by sending again.</summary>
    public DateTimeOffset? SentAt { get; private set; }

    public void MarkSent(DateTimeOffset at) => SentAt ??= at;
}

/// <summary>One shopper a campaign was sent to, with the code made for them: unique per (campaign, shopper), so sending again sends nothing twice.</summary>
public sealed class CampaignRecipient
{
    private CampaignRecipient() { }

    public CampaignRecipient(Guid campaignId, string userId, Guid codeId, string culture, DateTimeOffset at)
    {
        CampaignId = campaignId;
        UserId = userId;
        CodeId = codeId;
        Culture = culture;
        CreatedAt = at;
    }

    public Guid CampaignId { get; private set; }
    public string UserId { get; private set; } = "";
    public Guid CodeId { get; private set; }
    public string Culture { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}

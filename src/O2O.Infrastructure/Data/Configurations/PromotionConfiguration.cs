using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Domain.Orders;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;

namespace O2O.Infrastructure.Data.Configurations;

/// <summary>
/// Promotions, their codes and their uses (ADR 51). The use counters are the database's: EF never writes them (the
/// guarded statements of Application/Promotions/PromoSql.cs do), and the CHECKs stand behind those guards.
/// </summary>
internal sealed class PromotionConfiguration : IEntityTypeConfiguration<Promotion>
{
    public void Configure(EntityTypeBuilder<Promotion> b)
    {
        b.ToTable("promotions", t =>
        {
            t.HasCheckConstraint("ck_promotions_discount",
                "(kind = 'PercentOff' AND percent_basis_points BETWEEN 1 AND 10000 AND amount_off_minor IS NULL) OR " +
                "(kind = 'AmountOff' AND percent_basis_points IS NULL AND amount_off_minor > 0 AND currency IS NOT NULL)");
            t.HasCheckConstraint("ck_promotions_minimum", "minimum_subtotal_minor IS NULL OR (minimum_subtotal_minor > 0 AND currency IS NOT NULL)");
            t.HasCheckConstraint("ck_promotions_validity", "valid_from IS NULL OR valid_until IS NULL OR valid_until > valid_from");
            t.HasCheckConstraint("ck_promotions_limits", "(max_uses IS NULL OR max_uses >= 1) AND (max_uses_per_customer IS NULL OR max_uses_per_customer >= 1)");
            t.HasCheckConstraint("ck_promotions_uses_within_limit", "uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)");
        });
        b.HasKey(p => p.Id);
        b.Property(p => p.Name).HasMaxLength(Promotion.NameMaxLength);
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.CodeMode).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(p => p.ValidFrom).HasColumnType("timestamp without time zone");
        b.Property(p => p.ValidUntil).HasColumnType("timestamp without time zone");
        b.Property(p => p.ProductIds).HasColumnType("uuid[]");
        b.Property(p => p.Categories).HasColumnType("text[]");
        b.Property(p => p.StoreIds).HasColumnType("uuid[]");
        b.Ignore(p => p.CoversEveryProduct);
        DatabaseOnly(b.Property(p => p.Uses).HasDefaultValue(0).Metadata);
        b.Property(p => p.Version).IsRowVersion();
        b.HasIndex(p => p.CreatedAt);
    }

    internal static void DatabaseOnly(IMutableProperty property)
    {
        property.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        property.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
    }
}

internal sealed class PromoCodeConfiguration : IEntityTypeConfiguration<PromoCode>
{
    public void Configure(EntityTypeBuilder<PromoCode> b)
    {
        b.ToTable("promo_codes", t => t.HasCheckConstraint("ck_promo_codes_uses", "uses >= 0 AND (NOT single_use OR uses <= 1)"));
        b.HasKey(c => c.Id);
        b.Property(c => c.Code).HasMaxLength(PromoCode.MaxLength + 10);
        b.Property(c => c.Normalized).HasMaxLength(PromoCode.MaxLength);
        b.HasIndex(c => c.Normalized).IsUnique();
        b.HasIndex(c => c.PromotionId);
        b.HasIndex(c => c.CampaignId).HasFilter("campaign_id IS NOT NULL");
        PromotionConfiguration.DatabaseOnly(b.Property(c => c.Uses).HasDefaultValue(0).Metadata);
        b.HasOne<Promotion>().WithMany().HasForeignKey(c => c.PromotionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Campaign>().WithMany().HasForeignKey(c => c.CampaignId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PromoRedemptionConfiguration : IEntityTypeConfiguration<PromoRedemption>
{
    public void Configure(EntityTypeBuilder<PromoRedemption> b)
    {
        b.ToTable("promo_redemptions", t =>
        {
            t.HasCheckConstraint("ck_promo_redemptions_channel",
                "(channel = 'Online' AND order_id IS NOT NULL) OR (channel = 'Counter' AND external_reference IS NOT NULL)");
            t.HasCheckConstraint("ck_promo_redemptions_amounts", "subtotal_minor >= 0 AND discount_minor >= 0 AND discount_minor <= subtotal_minor");
            t.HasCheckConstraint("ck_promo_redemptions_released", "(released_at IS NULL) = (released_reason IS NULL)");
        });
        b.HasKey(r => r.Id);
        b.Property(r => r.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.ExternalReference).HasMaxLength(PromoRedemption.ExternalReferenceMaxLength);
        b.Property(r => r.CustomerKeys).HasColumnType("text[]");
        b.Property(r => r.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(r => r.Actor).HasMaxLength(450);
        b.Property(r => r.ReleasedReason).HasMaxLength(40);
        b.Ignore(r => r.IsLive);
        // A till's sale is used once per store however often the point of sale retries it.
        b.HasIndex(r => new { r.StoreId, r.ExternalReference }).IsUnique().HasFilter("external_reference IS NOT NULL");
        // An order carries at most one live use (a late payment takes it again after expiry gave it back).
        b.HasIndex(r => r.OrderId).IsUnique().HasFilter("order_id IS NOT NULL AND released_at IS NULL").HasDatabaseName("ix_promo_redemptions_order_live");
        b.HasIndex(r => new { r.PromotionId, r.CreatedAt });
        b.HasIndex(r => r.CodeId);
        b.HasOne<Promotion>().WithMany().HasForeignKey(r => r.PromotionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PromoCode>().WithMany().HasForeignKey(r => r.CodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Store>().WithMany().HasForeignKey(r => r.StoreId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Live uses of a promotion per customer key; raised by a guarded upsert, within the promotion's per-customer limit.</summary>
public sealed class PromoCustomerUseRow
{
    public Guid PromotionId { get; set; }
    public string CustomerKey { get; set; } = "";
    public int Uses { get; set; }
}

internal sealed class PromoCustomerUseConfiguration : IEntityTypeConfiguration<PromoCustomerUseRow>
{
    public void Configure(EntityTypeBuilder<PromoCustomerUseRow> b)
    {
        b.ToTable("promo_customer_uses", t => t.HasCheckConstraint("ck_promo_customer_uses_non_negative", "uses >= 0"));
        b.HasKey(u => new { u.PromotionId, u.CustomerKey });
        b.Property(u => u.CustomerKey).HasMaxLength(300);
        b.HasOne<Promotion>().WithMany().HasForeignKey(u => u.PromotionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.ToTable("campaigns", t => t.HasCheckConstraint("ck_campaigns_radius", "radius_km IS NULL OR (store_id IS NOT NULL AND radius_km BETWEEN 1 AND 500)"));
        b.HasKey(c => c.Id);
        b.Property(c => c.Name).HasMaxLength(Campaign.NameMaxLength);
        b.Property(c => c.CreatedBy).HasMaxLength(450);
        b.HasIndex(c => c.CreatedAt);
        b.HasOne<Promotion>().WithMany().HasForeignKey(c => c.PromotionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Store>().WithMany().HasForeignKey(c => c.StoreId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CampaignRecipientConfiguration : IEntityTypeConfiguration<CampaignRecipient>
{
    public void Configure(EntityTypeBuilder<CampaignRecipient> b)
    {
        b.ToTable("campaign_recipients");
        b.HasKey(r => new { r.CampaignId, r.UserId });
        b.Property(r => r.UserId).HasMaxLength(450);
        b.Property(r => r.Culture).HasMaxLength(Order.MaxCultureLength);
        b.HasIndex(r => r.CodeId).IsUnique();
        b.HasIndex(r => r.UserId);
        b.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PromoCode>().WithMany().HasForeignKey(r => r.CodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

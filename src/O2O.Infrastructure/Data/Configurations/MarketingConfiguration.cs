using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Infrastructure.Identity;

namespace O2O.Infrastructure.Data.Configurations;

/// <summary>
/// A shopper's current answer about marketing emails (no row: never asked, which counts as no). Written only by
/// Application/Marketing/MarketingConsentSql.cs, together with the change that explains it.
/// </summary>
public sealed class MarketingConsentRow
{
    public string UserId { get; set; } = "";
    public bool Given { get; set; }
    public string Source { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>One change of a shopper's answer, when and from where (and the campaign whose link it was). Never updated.</summary>
public sealed class MarketingConsentChangeRow
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public bool Given { get; set; }
    public string Source { get; set; } = "";
    public Guid? CampaignId { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class MarketingConsentConfiguration : IEntityTypeConfiguration<MarketingConsentRow>
{
    public void Configure(EntityTypeBuilder<MarketingConsentRow> b)
    {
        b.ToTable("marketing_consents", t => t.HasCheckConstraint("ck_marketing_consents_source", Sources));
        b.HasKey(c => c.UserId);
        b.Property(c => c.UserId).HasMaxLength(450);
        b.Property(c => c.Source).HasMaxLength(20);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        // The campaign's audience: who said yes.
        b.HasIndex(c => c.UserId, "ix_marketing_consents_given").HasFilter("given").HasDatabaseName("ix_marketing_consents_given");
    }

    internal const string Sources = "source IN ('Registration', 'Account', 'Unsubscribe')";
}

internal sealed class MarketingConsentChangeConfiguration : IEntityTypeConfiguration<MarketingConsentChangeRow>
{
    public void Configure(EntityTypeBuilder<MarketingConsentChangeRow> b)
    {
        b.ToTable("marketing_consent_changes", t => t.HasCheckConstraint("ck_marketing_consent_changes_source", MarketingConsentConfiguration.Sources));
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).UseIdentityAlwaysColumn();
        b.Property(c => c.UserId).HasMaxLength(450);
        b.Property(c => c.Source).HasMaxLength(20);
        b.HasIndex(c => new { c.UserId, c.Id });
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace O2O.Infrastructure.Data.Configurations;

/// <summary>
/// Refused promo-code attempts of one client address or one account ("address:…", "account:…") in the current window
/// (ADR 54); changed only by Application/Promotions/PromoAttempts.cs, whose guarded upsert keeps it within the limit.
/// </summary>
public sealed class PromoAttemptRow
{
    public string Key { get; set; } = "";
    public int Failures { get; set; }
    public DateTimeOffset WindowStartedAt { get; set; }
}

internal sealed class PromoAttemptConfiguration : IEntityTypeConfiguration<PromoAttemptRow>
{
    public void Configure(EntityTypeBuilder<PromoAttemptRow> b)
    {
        b.ToTable("promo_attempts", t => t.HasCheckConstraint("ck_promo_attempts_failures_non_negative", "failures >= 0"));
        b.HasKey(a => a.Key);
        b.Property(a => a.Key).HasMaxLength(500);
        // The purge of old windows reads by age.
        b.HasIndex(a => a.WindowStartedAt);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Infrastructure.Identity;

namespace O2O.Infrastructure.Data.Configurations;

/// <summary>
/// A member's points balance. Changed only by the guarded statements of Application/Loyalty/LoyaltySql.cs, each with
/// the ledger entry that explains it; the CHECK makes a negative balance impossible whatever the code does.
/// </summary>
public sealed class LoyaltyAccountRow
{
    public string UserId { get; set; } = "";
    public long Balance { get; set; }
}

/// <summary>One change of a balance, keyed by what caused it: (user, kind, cause) is unique, so an event applies once. Never updated.</summary>
public sealed class LoyaltyEntryRow
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public long Points { get; set; }
    public string Kind { get; set; } = "";
    public string CauseKey { get; set; } = "";
    public Guid? OrderId { get; set; }
    /// <summary>The money the entry is about, in the order's minor units: paid (Earned), returned (ReturnReversal).</summary>
    public long? AmountMinor { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The programme's one row of settings (id 1), read by Application/Loyalty/LoyaltySettings.cs.</summary>
public sealed class LoyaltySettingsRow
{
    public int Id { get; set; }
    public bool Enabled { get; set; }
    public int EarnPointsPerUnit { get; set; }
    public int PointsPerUnitSpent { get; set; }
    public int MaxSharePercent { get; set; }
    public int? ExpiryMonths { get; set; }
}

internal sealed class LoyaltyAccountConfiguration : IEntityTypeConfiguration<LoyaltyAccountRow>
{
    public void Configure(EntityTypeBuilder<LoyaltyAccountRow> b)
    {
        b.ToTable("loyalty_accounts", t => t.HasCheckConstraint("ck_loyalty_accounts_balance_non_negative", "balance >= 0"));
        b.HasKey(a => a.UserId);
        b.Property(a => a.UserId).HasMaxLength(450);
        b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LoyaltyEntryConfiguration : IEntityTypeConfiguration<LoyaltyEntryRow>
{
    public void Configure(EntityTypeBuilder<LoyaltyEntryRow> b)
    {
        b.ToTable("loyalty_entries");
        b.HasKey(e => e.Id);
        b.Property(e => e.UserId).HasMaxLength(450);
        b.Property(e => e.Kind).HasMaxLength(20);
        b.Property(e => e.CauseKey).HasMaxLength(100);
        b.Property(e => e.Reason).HasMaxLength(200);
        b.HasIndex(e => new { e.UserId, e.Kind, e.CauseKey }).IsUnique();
        b.HasIndex(e => new { e.UserId, e.CreatedAt });
        // The O2O report (ADR 56) reads the points of each order a code was used on; without it, a year's report hash-aggregates the whole ledger.
        b.HasIndex(e => e.OrderId).HasFilter("order_id IS NOT NULL");
        b.HasOne<LoyaltyAccountRow>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LoyaltySettingsConfiguration : IEntityTypeConfiguration<LoyaltySettingsRow>
{
    public void Configure(EntityTypeBuilder<LoyaltySettingsRow> b)
    {
        b.ToTable("loyalty_settings", t =>
        {
            t.HasCheckConstraint("ck_loyalty_settings_one_row", "id = 1");
            t.HasCheckConstraint("ck_loyalty_settings_rates", "earn_points_per_unit >= 0 AND points_per_unit_spent >= 1 AND max_share_percent BETWEEN 1 AND 90");
            t.HasCheckConstraint("ck_loyalty_settings_expiry", "expiry_months IS NULL OR expiry_months BETWEEN 1 AND 120");
        });
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Domain.Stores;

namespace O2O.Infrastructure.Data.Configurations;

/// <summary>
/// Places taken in one pickup slot. Rows are created on first booking and changed only by conditional SQL
/// (see Application/Checkout/CheckoutSql.cs); the CHECK makes overbooking impossible whatever the code does.
/// </summary>
public sealed class PickupSlotBookingRow
{
    public Guid StoreId { get; set; }
    public DateTimeOffset SlotStart { get; set; }
    public int Capacity { get; set; }
    public int Booked { get; set; }
}

/// <summary>
/// Collect-now orders ready in one quarter hour of a store's clock (ADR 43). Like slot places, changed only by the
/// guarded SQL in Application/Checkout/HoldSql.cs, and the CHECK makes taking more than the capacity impossible.
/// </summary>
public sealed class CollectNowBookingRow
{
    public Guid StoreId { get; set; }
    public DateTimeOffset WindowStart { get; set; }
    public int Capacity { get; set; }
    public int Booked { get; set; }
}

/// <summary>A stored answer to an <c>Idempotency-Key</c>, replayed to a retry with the same body.</summary>
public sealed class IdempotencyRecordRow
{
    public string Key { get; set; } = "";
    public string Scope { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public int StatusCode { get; set; }
    public string ResponseBody { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Wrong desk look-ups by one staff account at one store, in the current window; changed only by
/// Application/Staff/FindOrderForHandover.cs, which locks the row for the look-up it counts.
/// </summary>
public sealed class DeskLookupAttemptRow
{
    public Guid StoreId { get; set; }
    public string UserId { get; set; } = "";
    public int Failures { get; set; }
    public DateTimeOffset WindowStartedAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>A payment provider event already applied; the primary key makes each event apply once.</summary>
public sealed class PaymentEventRow
{
    public string EventId { get; set; } = "";
    public string Provider { get; set; } = "";
    public string Type { get; set; } = "";
    public Guid? OrderId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class PickupSlotBookingConfiguration : IEntityTypeConfiguration<PickupSlotBookingRow>
{
    public void Configure(EntityTypeBuilder<PickupSlotBookingRow> b)
    {
        b.ToTable("pickup_slot_bookings", t =>
        {
            t.HasCheckConstraint("ck_pickup_slot_bookings_booked_non_negative", "booked >= 0");
            t.HasCheckConstraint("ck_pickup_slot_bookings_within_capacity", "booked <= capacity");
        });
        b.HasKey(s => new { s.StoreId, s.SlotStart });
        b.HasOne<Store>().WithMany().HasForeignKey(s => s.StoreId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CollectNowBookingConfiguration : IEntityTypeConfiguration<CollectNowBookingRow>
{
    public void Configure(EntityTypeBuilder<CollectNowBookingRow> b)
    {
        b.ToTable("collect_now_bookings", t =>
        {
            t.HasCheckConstraint("ck_collect_now_bookings_booked_non_negative", "booked >= 0");
            t.HasCheckConstraint("ck_collect_now_bookings_within_capacity", "booked <= capacity");
        });
        b.HasKey(s => new { s.StoreId, s.WindowStart });
        b.HasOne<Store>().WithMany().HasForeignKey(s => s.StoreId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecordRow>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecordRow> b)
    {
        b.ToTable("idempotency_records");
        b.HasKey(r => new { r.Scope, r.Key });
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.Scope).HasMaxLength(100);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class DeskLookupAttemptConfiguration : IEntityTypeConfiguration<DeskLookupAttemptRow>
{
    public void Configure(EntityTypeBuilder<DeskLookupAttemptRow> b)
    {
        b.ToTable("desk_lookup_attempts", t => t.HasCheckConstraint("ck_desk_lookup_attempts_failures_non_negative", "failures >= 0"));
        b.HasKey(a => new { a.StoreId, a.UserId });
        b.Property(a => a.UserId).HasMaxLength(450);
        b.HasOne<Store>().WithMany().HasForeignKey(a => a.StoreId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PaymentEventConfiguration : IEntityTypeConfiguration<PaymentEventRow>
{
    public void Configure(EntityTypeBuilder<PaymentEventRow> b)
    {
        b.ToTable("payment_events");
        b.HasKey(e => e.EventId);
        b.Property(e => e.EventId).HasMaxLength(100);
        b.Property(e => e.Provider).HasMaxLength(20);
        b.Property(e => e.Type).HasMaxLength(100);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Domain.Stores;

namespace O2O.Infrastructure.Data.Configurations;

internal sealed class StoreConfiguration : IEntityTypeConfiguration<Store>
{
    public void Configure(EntityTypeBuilder<Store> b)
    {
        b.ToTable("stores", t =>
        {
            t.HasCheckConstraint("ck_stores_latitude", "latitude BETWEEN -90 AND 90");
            t.HasCheckConstraint("ck_stores_longitude", "longitude BETWEEN -180 AND 180");
            t.HasCheckConstraint("ck_stores_return_window_days", "return_window_days BETWEEN 0 AND 365");
        });
        b.HasKey(s => s.Id);
        b.Property(s => s.Code).HasMaxLength(Store.CodeMaxLength);
        b.HasIndex(s => s.Code).IsUnique();
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.TimeZoneId).HasMaxLength(64);
        b.Property(s => s.LegalName).HasMaxLength(Store.LegalNameMaxLength);
        b.Property(s => s.VatNumber).HasMaxLength(Store.VatNumberMaxLength);
        b.Ignore(s => s.Location);
        b.Ignore(s => s.TimeZone);
        b.Property(s => s.ReturnWindowDays).HasDefaultValue(Store.DefaultReturnWindowDays);

        b.OwnsOne(s => s.Address, a =>
        {
            a.Property(x => x.Street).HasColumnName("street").HasMaxLength(200);
            a.Property(x => x.PostalCode).HasColumnName("postal_code").HasMaxLength(20);
            a.Property(x => x.City).HasColumnName("city").HasMaxLength(100);
            a.Property(x => x.CountryCode).HasColumnName("country_code").HasMaxLength(2);
        });
        b.Navigation(s => s.Address).IsRequired();

        b.OwnsOne(s => s.Pickup, p =>
        {
            p.Property(x => x.SlotLengthMinutes).HasColumnName("slot_length_minutes");
            p.Property(x => x.OrdersPerSlot).HasColumnName("orders_per_slot");
            p.Property(x => x.LeadTimeMinutes).HasColumnName("lead_time_minutes");
            p.Property(x => x.BookingHorizonDays).HasColumnName("booking_horizon_days");
            p.Property(x => x.HoldDays).HasColumnName("hold_days");
            p.Property(x => x.CaptureMode).HasColumnName("capture_mode").HasConversion<string>().HasMaxLength(20);
        });
        b.Navigation(s => s.Pickup).IsRequired();

        b.OwnsOne(s => s.CollectNow, c =>
        {
            c.Property(x => x.Enabled).HasColumnName("collect_now_enabled").HasDefaultValue(false);
            c.Property(x => x.PrepareMinutes).HasColumnName("collect_now_prepare_minutes").HasDefaultValue(15);
            c.Property(x => x.OrdersPerWindow).HasColumnName("collect_now_orders_per_window").HasDefaultValue(4);
        });
        b.Navigation(s => s.CollectNow).IsRequired();

        b.OwnsMany(s => s.OpeningHours, h =>
        {
            h.ToTable("store_opening_hours", t => t.HasCheckConstraint("ck_store_opening_hours_order", "closes > opens"));
            h.WithOwner().HasForeignKey("StoreId");
            h.Property<int>("Id");
            h.HasKey("Id");
            h.Property(x => x.Day).HasConversion<string>().HasMaxLength(10);
        });
        b.Navigation(s => s.OpeningHours).HasField("_openingHours");

        b.OwnsMany(s => s.Closures, c =>
        {
            c.ToTable("store_closures");
            c.WithOwner().HasForeignKey("StoreId");
            c.Property<int>("Id");
            c.HasKey("Id");
            c.HasIndex("StoreId", nameof(StoreClosure.Date)).IsUnique();
            c.Property(x => x.Reason).HasMaxLength(200);
        });
        b.Navigation(s => s.Closures).HasField("_closures");
    }
}

internal sealed class StaffAssignmentConfiguration : IEntityTypeConfiguration<StaffAssignment>
{
    public void Configure(EntityTypeBuilder<StaffAssignment> b)
    {
        b.ToTable("staff_assignments");
        b.HasKey(a => new { a.UserId, a.StoreId });
        b.HasOne<Store>().WithMany().HasForeignKey(a => a.StoreId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => a.StoreId);
    }
}

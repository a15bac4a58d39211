using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Domain.Orders;
using O2O.Domain.Payments;
using O2O.Domain.Stores;

namespace O2O.Infrastructure.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("orders", t =>
        {
            t.HasCheckConstraint("ck_orders_total_non_negative", "total_amount >= 0");
            // An ID check is recorded with who did it, or not at all.
            t.HasCheckConstraint("ck_orders_id_check_who_and_when", "(id_checked_at IS NULL) = (id_checked_by IS NULL)");
            t.HasCheckConstraint("ck_orders_loyalty_non_negative", "loyalty_points >= 0 AND loyalty_discount_amount >= 0");
            // A code's discount comes with its promotion and code, and is never negative (ADR 52).
            t.HasCheckConstraint("ck_orders_promo", "promo_discount_amount >= 0 AND (promotion_id IS NULL) = (promo_code_id IS NULL) " +
                "AND (promotion_id IS NOT NULL OR promo_discount_amount = 0)");
        });
        b.HasKey(o => o.Id);
        b.Property(o => o.Number).HasMaxLength(20);
        b.HasIndex(o => o.Number).IsUnique();
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.CaptureMode).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.CustomerEmail).HasMaxLength(254);
        b.Property(o => o.CustomerName).HasMaxLength(200);
        b.Property(o => o.CustomerPhone).HasMaxLength(40);
        b.Property(o => o.UserId).HasMaxLength(450);
        b.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(o => o.AccessTokenHash).HasMaxLength(64);
        b.Property(o => o.PickupCode).HasMaxLength(12);
        b.Property(o => o.PaymentProvider).HasMaxLength(20);
        b.Property(o => o.PaymentReference).HasMaxLength(100);
        b.Property(o => o.ArrivalNote).HasMaxLength(Order.ArrivalNoteMaxLength);
        b.Property(o => o.CollectorName).HasMaxLength(CollectorNames.MaxLength);
        b.Property(o => o.IdCheckedBy).HasMaxLength(256);
        b.Ignore(o => o.NeedsIdCheck);
        b.Property(o => o.RefundReason).HasMaxLength(200);
        b.Property(o => o.IdempotencyKeyHash).HasMaxLength(64);
        // Orders placed before languages existed were placed in English.
        b.Property(o => o.Culture).HasMaxLength(Order.MaxCultureLength).HasDefaultValue("en");
        // Only orders placed with an Idempotency-Key pay for this index (ADR 12 counts the cost of each index on orders).
        b.HasIndex(o => o.IdempotencyKeyHash).IsUnique().HasFilter("idempotency_key_hash IS NOT NULL");
        b.Property(o => o.Version).IsRowVersion();
        b.Property(o => o.PromoCode).HasMaxLength(Domain.Promotions.PromoCode.MaxLength + 10);
        b.Property(o => o.PromoDiscountAmount).HasDefaultValue(0L);
        b.HasOne<Domain.Promotions.Promotion>().WithMany().HasForeignKey(o => o.PromotionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Domain.Promotions.PromoCode>().WithMany().HasForeignKey(o => o.PromoCodeId).OnDelete(DeleteBehavior.Restrict);
        // Only orders with a code pay for these (ADR 12 counts each index on orders).
        b.HasIndex(o => o.PromotionId).HasFilter("promotion_id IS NOT NULL");
        b.HasIndex(o => o.PromoCodeId).HasFilter("promo_code_id IS NOT NULL");
        b.Ignore(o => o.AfterPromoAmount);
        b.Ignore(o => o.Total);
        b.Ignore(o => o.IsCollectNow);
        b.Ignore(o => o.Vat);
        b.Ignore(o => o.GoodsAmount);
        b.Ignore(o => o.LastShortPickPointsFreed);
        b.Ignore(o => o.LastReturnPointsFreed);

        b.HasIndex(o => new { o.StoreId, o.SlotStart });
        // The key orders will have when the database is distributed by store (ADR 61): lines, history, payment
        // commands and returns can then reference (store_id, order_id) and live on the same shard as their order.
        b.HasIndex(o => new { o.StoreId, o.Id }).IsUnique();
        b.HasIndex(o => new { o.StoreId, o.PickupCode }).IsUnique().HasFilter("pickup_code IS NOT NULL");
        // No index on payment_reference: nothing looks an order up by it (webhooks carry the order id), and without
        // one the update that records it with the payment is a HOT update, with room left on the page for it (ADR 12).
        b.HasStorageParameter("fillfactor", 90);
        // The background worker's scans: unpaid holds by expiry, and ready orders by slot.
        b.HasIndex(o => o.HoldExpiresAt).HasFilter("status = 'PendingPayment'");
        b.HasIndex(o => o.SlotEnd).HasFilter("status = 'ReadyForPickup'");
        b.HasIndex(o => o.UserId);
        b.HasIndex(o => o.CustomerEmail);
        b.HasOne<Store>().WithMany().HasForeignKey(o => o.StoreId).OnDelete(DeleteBehavior.Restrict);

        b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(o => o.Lines).HasField("_lines");
        b.HasMany(o => o.History).WithOne().HasForeignKey(h => h.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(o => o.History).HasField("_history");
        b.HasMany(o => o.PaymentCommands).WithOne().HasForeignKey(c => c.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(o => o.PaymentCommands).HasField("_paymentCommands");
        b.HasMany(o => o.Returns).WithOne().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(o => o.Returns).HasField("_returns");
        b.Ignore(o => o.CollectedAt);
        b.Ignore(o => o.RefundPending);
        b.Ignore(o => o.Refunded);
    }
}

/// <summary>Refunds, voids and captures owed to the provider, sent after commit by the payment dispatcher (ADR 14).</summary>
internal sealed class PaymentCommandConfiguration : IEntityTypeConfiguration<PaymentCommand>
{
    public void Configure(EntityTypeBuilder<PaymentCommand> b)
    {
        b.ToTable("payment_commands", t =>
        {
            t.HasCheckConstraint("ck_payment_commands_amount_non_negative", "amount >= 0");
            t.HasCheckConstraint("ck_payment_commands_attempts_non_negative", "attempts >= 0");
        });
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(c => c.Provider).HasMaxLength(20);
        b.Property(c => c.Reference).HasMaxLength(100);
        b.Property(c => c.Reason).HasMaxLength(300);
        b.Property(c => c.LastError).HasMaxLength(500);
        b.Ignore(c => c.Money);
        b.Ignore(c => c.ReturnsMoney);
        b.Ignore(c => c.IsOutstanding);
        b.Ignore(c => c.IdempotencyKey);
        // The dispatcher's scan: what is due; and the admins' list of what needs attention.
        b.HasIndex(c => c.NextAttemptAt).HasFilter("status = 'Pending'");
        b.HasIndex(c => c.CreatedAt).HasFilter("status = 'Failed'");
        b.HasIndex(c => c.OrderId);
        b.HasIndex(c => c.Reference);
        b.HasIndex(c => c.ReturnId).HasFilter("return_id IS NOT NULL");
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.ToTable("order_lines", t =>
        {
            t.HasCheckConstraint("ck_order_lines_quantity_positive", "quantity > 0");
            t.HasCheckConstraint("ck_order_lines_short_within_quantity", "short_quantity >= 0 AND short_quantity <= quantity");
            // A line never comes back beyond what was handed over, however many counters return it at once (ADR 47).
            t.HasCheckConstraint("ck_order_lines_returned_within_collected", "returned_quantity >= 0 AND returned_quantity <= quantity - short_quantity");
            t.HasCheckConstraint("ck_order_lines_vat_rate", "vat_rate_basis_points BETWEEN 0 AND 10000");
            // A line's share of a promotion is within the goods it holds, however a short pick recomputes it (ADR 52).
            t.HasCheckConstraint("ck_order_lines_promo_within_goods",
                "promo_discount_amount >= 0 AND promo_discount_amount <= unit_price_amount * (quantity - short_quantity)");
        });
        b.HasKey(l => l.Id);
        b.Property(l => l.Id).ValueGeneratedNever();
        b.Property(l => l.Sku).HasMaxLength(32);
        b.Property(l => l.Name).HasMaxLength(200);
        b.Property(l => l.Currency).HasMaxLength(3).IsFixedLength();
        b.Ignore(l => l.UnitPrice);
        b.Ignore(l => l.LineTotal);
        b.Ignore(l => l.HeldQuantity);
        b.Ignore(l => l.ReturnableQuantity);
        // Only the guarded UPDATE of a return writes it (ReturnSql): EF writing back its in-memory copy would be a
        // read-modify-write.
        var returned = b.Property(l => l.ReturnedQuantity).HasDefaultValue(0).Metadata;
        returned.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        returned.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        b.Property(l => l.ShortReason).HasMaxLength(200);
        b.Property(l => l.TaxCategory).HasConversion<string>().HasMaxLength(20);
        b.Ignore(l => l.VatRate);
        b.Property(l => l.Category).HasMaxLength(Domain.Catalog.Product.CategoryMaxLength).HasDefaultValue("");
        b.Property(l => l.PromoDiscountAmount).HasDefaultValue(0L);
        b.HasIndex(l => l.ProductId);
    }
}

internal sealed class OrderStatusChangeConfiguration : IEntityTypeConfiguration<OrderStatusChange>
{
    public void Configure(EntityTypeBuilder<OrderStatusChange> b)
    {
        b.ToTable("order_status_changes");
        b.HasKey(h => h.Id);
        b.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(h => h.Actor).HasMaxLength(256);
        b.Property(h => h.Note).HasMaxLength(500);
        // A system note is a code and its arguments, put into words in the reader's language when read (ADR 30e).
        b.Property(h => h.NoteCode).HasMaxLength(40);
        b.Property(h => h.NoteArgs);
    }
}

/// <summary>Counter returns and their lines (ADR 47).</summary>
internal sealed class OrderReturnConfiguration : IEntityTypeConfiguration<OrderReturn>
{
    public void Configure(EntityTypeBuilder<OrderReturn> b)
    {
        b.ToTable("returns", t => t.HasCheckConstraint("ck_returns_refund_non_negative", "refund_amount >= 0"));
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.StoreName).HasMaxLength(200);
        b.Property(r => r.Reason).HasMaxLength(OrderReturn.ReasonMaxLength);
        b.Property(r => r.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(r => r.Actor).HasMaxLength(256);
        b.Property(r => r.IdempotencyKeyHash).HasMaxLength(64);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.HasIndex(r => r.IdempotencyKeyHash).IsUnique().HasFilter("idempotency_key_hash IS NOT NULL");
        b.HasIndex(r => r.OrderId);
        b.HasIndex(r => new { r.StoreId, r.CreatedAt });
        b.HasOne<Store>().WithMany().HasForeignKey(r => r.StoreId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(r => r.Refund);
        b.Ignore(r => r.ReasonIsCode);
        b.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReturnId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(r => r.Lines).HasField("_lines");
    }
}

internal sealed class OrderReturnLineConfiguration : IEntityTypeConfiguration<OrderReturnLine>
{
    public void Configure(EntityTypeBuilder<OrderReturnLine> b)
    {
        b.ToTable("return_lines", t =>
        {
            t.HasCheckConstraint("ck_return_lines_quantity_positive", "quantity > 0");
            t.HasCheckConstraint("ck_return_lines_amount_non_negative", "amount >= 0");
        });
        b.HasKey(l => new { l.ReturnId, l.OrderLineId });
        b.Property(l => l.Sku).HasMaxLength(32);
        b.Property(l => l.Name).HasMaxLength(200);
        b.HasOne<OrderLine>().WithMany().HasForeignKey(l => l.OrderLineId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => l.OrderLineId);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Application.Notifications;

namespace O2O.Infrastructure.Data.Configurations;

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> b)
    {
        b.ToTable("outbox_emails");
        b.HasKey(e => e.Id);
        b.Property(e => e.To).HasMaxLength(254);
        b.Property(e => e.Subject).HasMaxLength(300);
        b.Property(e => e.Kind).HasMaxLength(40);
        b.Property(e => e.LastError).HasMaxLength(500);
        b.Property(e => e.UnsubscribeUrl).HasMaxLength(2000);
        b.Property(e => e.UserId).HasMaxLength(450);
        b.HasIndex(e => e.UserId).HasFilter("user_id IS NOT NULL");
        // The dispatcher's scan: what is due and not yet sent.
        b.HasIndex(e => e.NextAttemptAt).HasFilter("sent_at IS NULL AND NOT failed");
        b.HasIndex(e => e.OrderId);
        // One receipt per order, whatever retries the hand-over goes through (ADR 46).
        b.HasIndex(e => e.OrderId, "ux_outbox_emails_one_receipt").IsUnique().HasFilter("kind = 'receipt'").HasDatabaseName("ux_outbox_emails_one_receipt");
    }
}

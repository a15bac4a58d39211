using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Application.Admin;
using O2O.Domain.Catalog;

namespace O2O.Infrastructure.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(e => e.Id);
        b.Property(e => e.Actor).HasMaxLength(256);
        b.Property(e => e.Action).HasMaxLength(80);
        b.Property(e => e.EntityType).HasMaxLength(40);
        b.Property(e => e.EntityId).HasMaxLength(100);
        b.Property(e => e.Before).HasColumnType("jsonb");
        b.Property(e => e.After).HasColumnType("jsonb");
        b.HasIndex(e => e.At);
        b.HasIndex(e => new { e.EntityType, e.EntityId });
        b.HasIndex(e => e.Actor);
    }
}

internal sealed class StockSyncBatchConfiguration : IEntityTypeConfiguration<StockSyncBatch>
{
    public void Configure(EntityTypeBuilder<StockSyncBatch> b)
    {
        b.ToTable("stock_sync_batches");
        b.HasKey(e => e.BatchId);
        b.Property(e => e.BatchId).HasMaxLength(100);
        b.Property(e => e.ResultJson).HasColumnType("jsonb");
    }
}

internal sealed class ProductImageConfiguration : IEntityTypeConfiguration<ProductImage>
{
    public void Configure(EntityTypeBuilder<ProductImage> b)
    {
        b.ToTable("product_images");
        b.HasKey(e => e.Id);
        b.Property(e => e.ContentType).HasMaxLength(50);
        b.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => e.ProductId);
    }
}

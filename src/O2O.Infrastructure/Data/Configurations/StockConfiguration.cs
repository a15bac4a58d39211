using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Domain.Catalog;
using O2O.Domain.Stock;
using O2O.Domain.Stores;

namespace O2O.Infrastructure.Data.Configurations;

internal sealed class StockConfiguration : IEntityTypeConfiguration<StoreStock>
{
    public void Configure(EntityTypeBuilder<StoreStock> b)
    {
        // The invariant the whole checkout rests on: a unit is never promised twice.
        b.ToTable("store_stock", t =>
        {
            t.HasCheckConstraint("ck_store_stock_reserved_non_negative", "reserved >= 0");
            t.HasCheckConstraint("ck_store_stock_reserved_within_on_hand", "reserved <= on_hand");
        });
        // Keyed by store first, so the table can later be distributed by store.
        b.HasKey(s => new { s.StoreId, s.ProductId });
        // Covers "all stores holding this product" reads (availability scans, stock reports) without heap visits.
        b.HasIndex(s => s.ProductId).IncludeProperties(s => new { s.StoreId, s.OnHand, s.Reserved });
        b.Ignore(s => s.Available);
        b.HasOne<Store>().WithMany().HasForeignKey(s => s.StoreId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

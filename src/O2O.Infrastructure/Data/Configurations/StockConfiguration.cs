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
        // A plain index: every hold, release and hand-over updates reserved or on_hand, and with neither in any index
        // (and 10% of each page left free) those updates are HOT: no index entry is written (ADR 12). Availability
        // reads the nearest stores' rows by primary key, so nothing needs these columns in an index.
        b.HasIndex(s => s.ProductId);
        b.HasStorageParameter("fillfactor", 90);
        b.Ignore(s => s.Available);
        b.HasOne<Store>().WithMany().HasForeignKey(s => s.StoreId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

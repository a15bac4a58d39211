using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Domain.Carts;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;

namespace O2O.Infrastructure.Data.Configurations;

internal sealed class CartConfiguration : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> b)
    {
        b.ToTable("carts");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.HasOne<Store>().WithMany().HasForeignKey(c => c.StoreId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(c => c.UpdatedAt);
        // One cart per account, which every device of a signed-in shopper opens.
        b.Property(c => c.UserId).HasMaxLength(450);
        b.HasIndex(c => c.UserId).IsUnique().HasFilter("user_id IS NOT NULL");
        b.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Lines).HasField("_lines");
    }
}

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<CartLine> b)
    {
        b.ToTable("cart_lines", t => t.HasCheckConstraint("ck_cart_lines_quantity", "quantity BETWEEN 1 AND 99"));
        b.HasKey(l => new { l.CartId, l.ProductId });
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Domain.Catalog;

namespace O2O.Infrastructure.Data.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("products", t => t.HasCheckConstraint("ck_products_price_non_negative", "price_amount >= 0"));
        b.HasKey(p => p.Id);
        b.Property(p => p.Sku).HasMaxLength(Product.SkuMaxLength);
        b.HasIndex(p => p.Sku).IsUnique();
        b.Property(p => p.Name).HasMaxLength(Product.NameMaxLength);
        b.Property(p => p.Description).HasMaxLength(Product.DescriptionMaxLength);
        b.Property(p => p.Category).HasMaxLength(Product.CategoryMaxLength);
        b.HasIndex(p => p.Category);
        // The product list pages through active products by name: an ordered index instead of a sort of the catalog.
        b.HasIndex(p => new { p.Name, p.Id }).HasFilter("is_active").HasDatabaseName("ix_products_active_name");
        b.Property(p => p.PriceCurrency).HasMaxLength(3).IsFixedLength();
        b.Property(p => p.ImageUrl).HasMaxLength(500);
        b.Ignore(p => p.Price);
        // Stored by name; products that existed before categories became Standard in the migration that added them.
        b.Property(p => p.TaxCategory).HasConversion<string>().HasMaxLength(20);
        b.HasMany(p => p.Translations).WithOne().HasForeignKey(t => t.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Translations).HasField("_translations");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using O2O.Domain.Catalog;

namespace O2O.Infrastructure.Data.Configurations;

internal sealed class ProductTranslationConfiguration : IEntityTypeConfiguration<ProductTranslation>
{
    public void Configure(EntityTypeBuilder<ProductTranslation> b)
    {
        b.ToTable("product_translations");
        // One row per product and language; the storefront reads it by both, in one index lookup.
        b.HasKey(t => new { t.ProductId, t.Culture });
        b.Property(t => t.Culture).HasMaxLength(16);
        b.Property(t => t.Name).HasMaxLength(Product.NameMaxLength);
        b.Property(t => t.Description).HasMaxLength(Product.DescriptionMaxLength);
        // Search in a language scans its names: a trigram index would be the next step for a very large catalog.
        b.HasIndex(t => new { t.Culture, t.Name });
    }
}

internal sealed class CategoryTranslationConfiguration : IEntityTypeConfiguration<CategoryTranslation>
{
    public void Configure(EntityTypeBuilder<CategoryTranslation> b)
    {
        b.ToTable("category_translations");
        b.HasKey(t => new { t.Category, t.Culture });
        b.Property(t => t.Category).HasMaxLength(Product.CategoryMaxLength);
        b.Property(t => t.Culture).HasMaxLength(16);
        b.Property(t => t.Name).HasMaxLength(Product.CategoryMaxLength);
    }
}

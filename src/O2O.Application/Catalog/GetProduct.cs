using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;

namespace O2O.Application.Catalog;

public sealed record GetProduct(Guid Id) : IQuery<ProductDetails?>;

/// <summary>Name, description and category name in the reader's language where translated; <paramref name="Category"/> is the key.</summary>
public sealed record ProductDetails(Guid Id, string Sku, string Name, string Description, string Category,
    MoneyDto Price, string? ImageUrl, bool IsActive, string CategoryName, bool AgeRestricted = false);

public sealed class GetProductHandler(IReadDbContext db) : IQueryHandler<GetProduct, ProductDetails?>
{
    public async ValueTask<ProductDetails?> Handle(GetProduct query, CancellationToken cancellationToken)
    {
        var culture = CatalogLanguage.Current;
        var product = db.Products.AsNoTracking().Where(p => p.Id == query.Id && p.IsActive);
        return culture is null
            ? await product.Select(p => new ProductDetails(p.Id, p.Sku, p.Name, p.Description, p.Category,
                new MoneyDto(p.PriceAmount, p.PriceCurrency), p.ImageUrl, p.IsActive, p.Category, p.AgeRestricted)).FirstOrDefaultAsync(cancellationToken)
            : await product.Select(p => new
                {
                    Product = p,
                    Translation = p.Translations.FirstOrDefault(t => t.Culture == culture),
                    Category = db.CategoryTranslations.Where(c => c.Category == p.Category && c.Culture == culture).Select(c => c.Name).FirstOrDefault(),
                })
                .Select(x => new ProductDetails(x.Product.Id, x.Product.Sku, x.Translation != null ? x.Translation.Name : x.Product.Name,
                    // A translated name with no description of its own reads the catalog's description rather than nothing.
                    x.Translation != null && x.Translation.Description != "" ? x.Translation.Description : x.Product.Description,
                    x.Product.Category, new MoneyDto(x.Product.PriceAmount, x.Product.PriceCurrency), x.Product.ImageUrl, x.Product.IsActive,
                    x.Category ?? x.Product.Category, x.Product.AgeRestricted))
                .FirstOrDefaultAsync(cancellationToken);
    }
}

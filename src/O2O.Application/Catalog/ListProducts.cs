using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Catalog;

public sealed record ListProducts(string? Search = null, string? Category = null, int Page = 1, int PageSize = 20)
    : IQuery<PagedResult<ProductSummary>>;

/// <summary><paramref name="Name"/> and <paramref name="CategoryName"/> are in the reader's language; <paramref name="Category"/> is the key.</summary>
public sealed record ProductSummary(Guid Id, string Sku, string Name, string Category, MoneyDto Price, string? ImageUrl, string CategoryName);

public sealed class ListProductsValidator : AbstractValidator<ListProducts>
{
    public ListProductsValidator()
    {
        RuleFor(x => x.Page).IsPage().OverridePropertyName("page");
        RuleFor(x => x.PageSize).InclusiveBetween(1, 100).OverridePropertyName("pageSize").WithName(_ => Messages.Field_PageSize);
        RuleFor(x => x.Search).MaximumLength(200).OverridePropertyName("search").WithName(_ => Messages.Field_Search);
        RuleFor(x => x.Category).MaximumLength(80).OverridePropertyName("category").WithName(_ => Messages.Field_CategoryFilter);
    }
}

public sealed class ListProductsHandler(IReadDbContext db) : IQueryHandler<ListProducts, PagedResult<ProductSummary>>
{
    public async ValueTask<PagedResult<ProductSummary>> Handle(ListProducts query, CancellationToken cancellationToken)
    {
        var culture = CatalogLanguage.Current;
        var products = db.Products.AsNoTracking().Where(p => p.IsActive);
        if (!string.IsNullOrWhiteSpace(query.Category))
            products = products.Where(p => p.Category == query.Category.Trim());
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + LikePattern.Escape(query.Search.Trim()) + "%";
            products = culture is null
                ? products.Where(p => EF.Functions.ILike(p.Name, pattern, "\\")
                                      || EF.Functions.ILike(p.Sku, pattern, "\\")
                                      || EF.Functions.ILike(p.Category, pattern, "\\"))
                // A shopper searches in their own language, and may still type the name on the box.
                : products.Where(p => EF.Functions.ILike(p.Name, pattern, "\\")
                                      || EF.Functions.ILike(p.Sku, pattern, "\\")
                                      || EF.Functions.ILike(p.Category, pattern, "\\")
                                      || p.Translations.Any(t => t.Culture == culture && EF.Functions.ILike(t.Name, pattern, "\\"))
                                      || db.CategoryTranslations.Any(c => c.Category == p.Category && c.Culture == culture
                                                                          && EF.Functions.ILike(c.Name, pattern, "\\")));
        }

        var total = await products.CountAsync(cancellationToken);
        var items = await products
            .OrderBy(CatalogLanguage.Name(culture)).ThenBy(p => p.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(CatalogLanguage.Summary(db, culture))
            .ToListAsync(cancellationToken);
        return new PagedResult<ProductSummary>(items, query.Page, query.PageSize, total);
    }
}

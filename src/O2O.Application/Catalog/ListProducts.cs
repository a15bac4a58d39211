using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Catalog;

public sealed record ListProducts(string? Search = null, string? Category = null, int Page = 1, int PageSize = 20)
    : IQuery<PagedResult<ProductSummary>>;

public sealed record ProductSummary(Guid Id, string Sku, string Name, string Category, MoneyDto Price, string? ImageUrl);

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

public sealed class ListProductsHandler(IAppDbContext db) : IQueryHandler<ListProducts, PagedResult<ProductSummary>>
{
    public async ValueTask<PagedResult<ProductSummary>> Handle(ListProducts query, CancellationToken cancellationToken)
    {
        var products = db.Products.AsNoTracking().Where(p => p.IsActive);
        if (!string.IsNullOrWhiteSpace(query.Category))
            products = products.Where(p => p.Category == query.Category.Trim());
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + LikePattern.Escape(query.Search.Trim()) + "%";
            products = products.Where(p => EF.Functions.ILike(p.Name, pattern, "\\")
                                        || EF.Functions.ILike(p.Sku, pattern, "\\")
                                        || EF.Functions.ILike(p.Category, pattern, "\\"));
        }

        var total = await products.CountAsync(cancellationToken);
        var items = await products
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(p => new ProductSummary(p.Id, p.Sku, p.Name, p.Category, new MoneyDto(p.PriceAmount, p.PriceCurrency), p.ImageUrl))
            .ToListAsync(cancellationToken);
        return new PagedResult<ProductSummary>(items, query.Page, query.PageSize, total);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;

namespace O2O.Application.Catalog;

/// <summary>
/// What a shelf label's short link (<c>/s/{storeCode}/p/{sku}</c>) names: a store and one of its active products. Codes
/// and SKUs are printed, so they are read case-insensitively, as a person may type them.
/// </summary>
public sealed record FindShelfItem(string? StoreCode, string? Sku) : IQuery<ShelfItem?>;

public sealed record ShelfItem(Guid StoreId, string StoreCode, Guid ProductId, string Sku);

/// <summary>The labels for a store's shelves: every active product with its price, by SKU, a page at a time.</summary>
public sealed record ListShelfLabels(Guid StoreId, string? Category = null, int Page = 1, int PageSize = 96) : IQuery<ShelfLabels?>;

public sealed record ShelfLabels(Guid StoreId, string StoreCode, string StoreName, PagedResult<ShelfLabel> Labels);

/// <summary><paramref name="Name"/> in the reader's language, as the label is printed for the store's shoppers.</summary>
public sealed record ShelfLabel(Guid ProductId, string Sku, string Name, MoneyDto Price);

public sealed class ShelfLabelsHandler(IAppDbContext db) : IQueryHandler<FindShelfItem, ShelfItem?>, IQueryHandler<ListShelfLabels, ShelfLabels?>
{
    public async ValueTask<ShelfItem?> Handle(FindShelfItem query, CancellationToken ct)
    {
        if (query.StoreCode is not { Length: > 0 and <= 16 } code || query.Sku is not { Length: > 0 and <= Domain.Catalog.Product.SkuMaxLength } sku)
            return null;
        var store = await db.Stores.AsNoTracking().Where(s => s.Code == code.ToUpperInvariant()).Select(s => new { s.Id, s.Code }).FirstOrDefaultAsync(ct);
        if (store is null) return null;
        var product = await db.Products.AsNoTracking().Where(p => p.Sku == sku.ToUpperInvariant() && p.IsActive)
            .Select(p => new { p.Id, p.Sku }).FirstOrDefaultAsync(ct);
        return product is null ? null : new ShelfItem(store.Id, store.Code, product.Id, product.Sku);
    }

    public async ValueTask<ShelfLabels?> Handle(ListShelfLabels query, CancellationToken ct)
    {
        var store = await db.Stores.AsNoTracking().Where(s => s.Id == query.StoreId).Select(s => new { s.Id, s.Code, s.Name }).FirstOrDefaultAsync(ct);
        if (store is null) return null;
        var culture = CatalogLanguage.Current;
        var products = db.Products.AsNoTracking().Where(p => p.IsActive);
        if (!string.IsNullOrWhiteSpace(query.Category)) products = products.Where(p => p.Category == query.Category.Trim());
        var page = Math.Max(1, query.Page);
        var total = await products.CountAsync(ct);
        var items = await products.OrderBy(p => p.Sku).Skip((page - 1) * query.PageSize).Take(query.PageSize)
            .Select(CatalogLanguage.Summary(db, culture))
            .ToListAsync(ct);
        var labels = items.Select(p => new ShelfLabel(p.Id, p.Sku, p.Name, p.Price)).ToList();
        return new ShelfLabels(store.Id, store.Code, store.Name, new PagedResult<ShelfLabel>(labels, page, query.PageSize, total));
    }
}

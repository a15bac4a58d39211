using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Catalog;

/// <summary>What the sitemap lists: every active product, every store and every category with an active product.</summary>
public sealed record ListPublicPages : IQuery<PublicPages>;

public sealed record PublicPages(IReadOnlyList<Guid> ProductIds, IReadOnlyList<Guid> StoreIds, IReadOnlyList<string> Categories);

public sealed class ListPublicPagesHandler(IAppDbContext db) : IQueryHandler<ListPublicPages, PublicPages>
{
    public async ValueTask<PublicPages> Handle(ListPublicPages query, CancellationToken ct)
    {
        var products = await db.Products.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Sku)
            .Select(p => new { p.Id, p.Category }).ToListAsync(ct);
        var stores = await db.Stores.AsNoTracking().OrderBy(s => s.Code).Select(s => s.Id).ToListAsync(ct);
        return new PublicPages(products.Select(p => p.Id).ToList(), stores,
            products.Select(p => p.Category).Distinct().Order(StringComparer.Ordinal).ToList());
    }
}

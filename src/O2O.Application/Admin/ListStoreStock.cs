using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Admin;

public sealed record ListStoreStock(Guid StoreId, string? Search = null) : IQuery<IReadOnlyList<StockRow>?>;

public sealed record StockRow(Guid ProductId, string Sku, string Name, int OnHand, int Reserved, int Available, bool IsActive);

public sealed class ListStoreStockHandler(IAppDbContext db) : IQueryHandler<ListStoreStock, IReadOnlyList<StockRow>?>
{
    public async ValueTask<IReadOnlyList<StockRow>?> Handle(ListStoreStock query, CancellationToken ct)
    {
        if (!await db.Stores.AnyAsync(s => s.Id == query.StoreId, ct)) return null;
        var products = db.Products.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + Common.LikePattern.Escape(query.Search.Trim()) + "%";
            products = products.Where(p => EF.Functions.ILike(p.Name, pattern, "\\") || EF.Functions.ILike(p.Sku, pattern, "\\"));
        }
        return await (from p in products
                      from s in db.Stock.Where(s => s.ProductId == p.Id && s.StoreId == query.StoreId).DefaultIfEmpty()
                      orderby p.Sku
                      select new StockRow(p.Id, p.Sku, p.Name, s == null ? 0 : s.OnHand, s == null ? 0 : s.Reserved, s == null ? 0 : s.OnHand - s.Reserved, p.IsActive))
            .Take(500).ToListAsync(ct);
    }
}

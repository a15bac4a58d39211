using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Orders;

namespace O2O.Application.Catalog;

/// <summary>
/// "Popular right now": the products sold most over the last <see cref="PopularProducts.Window"/> (units on paid, ready
/// and collected orders), then the rest of the catalog by name, so a shop with no sales yet still shows something.
/// </summary>
public sealed record ListPopularProducts(int Count = 8) : IQuery<IReadOnlyList<ProductSummary>>;

public sealed class ListPopularProductsHandler(IAppDbContext db, PopularProducts cache, TimeProvider clock)
    : IQueryHandler<ListPopularProducts, IReadOnlyList<ProductSummary>>
{
    private static readonly OrderStatus[] Sold = [OrderStatus.Paid, OrderStatus.ReadyForPickup, OrderStatus.Collected];

    public async ValueTask<IReadOnlyList<ProductSummary>> Handle(ListPopularProducts query, CancellationToken ct)
    {
        var culture = CatalogLanguage.Current;
        var ranked = await cache.GetAsync(culture, () => RankAsync(culture, ct), ct);
        return ranked.Take(query.Count).ToList();
    }

    private async Task<IReadOnlyList<ProductSummary>> RankAsync(string? culture, CancellationToken ct)
    {
        var since = clock.GetUtcNow() - PopularProducts.Window;
        var best = await db.Orders.AsNoTracking()
            .Where(o => o.CreatedAt >= since && Sold.Contains(o.Status))
            .SelectMany(o => o.Lines)
            .GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, Units = g.Sum(l => l.Quantity - l.ShortQuantity) })
            .Where(x => x.Units > 0)
            .OrderByDescending(x => x.Units).ThenBy(x => x.ProductId)
            .Take(PopularProducts.Size)
            .ToListAsync(ct);
        var ids = best.Select(b => b.ProductId).ToList();
        var summary = CatalogLanguage.Summary(db, culture);
        var sold = await db.Products.AsNoTracking().Where(p => p.IsActive && ids.Contains(p.Id)).Select(summary).ToDictionaryAsync(p => p.Id, ct);
        var byName = await db.Products.AsNoTracking().Where(p => p.IsActive && !ids.Contains(p.Id))
            .OrderBy(CatalogLanguage.Name(culture)).ThenBy(p => p.Id).Take(PopularProducts.Size).Select(summary).ToListAsync(ct);
        return best.Where(b => sold.ContainsKey(b.ProductId)).Select(b => sold[b.ProductId]).Concat(byName).Take(PopularProducts.Size).ToList();
    }
}

/// <summary>
/// The ranking, computed at most once per <see cref="RefreshEvery"/> on each instance: the home page asks for it on every
/// visit, and summing weeks of order lines each time would put that scan on the storefront's busiest page.
/// </summary>
public sealed class PopularProducts(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);
    public const int Size = 24;

    private readonly SemaphoreSlim _refresh = new(1, 1);
    // One ranking per language the shop speaks: the names differ, the order of the sold ones does not.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (IReadOnlyList<ProductSummary> Products, DateTimeOffset Until)> _current = new();

    public async Task<IReadOnlyList<ProductSummary>> GetAsync(string? culture, Func<Task<IReadOnlyList<ProductSummary>>> rank, CancellationToken ct)
    {
        var key = culture ?? "";
        if (_current.TryGetValue(key, out var hit) && hit.Until > clock.GetUtcNow()) return hit.Products;
        await _refresh.WaitAsync(ct);
        try
        {
            if (_current.TryGetValue(key, out var again) && again.Until > clock.GetUtcNow()) return again.Products;
            var products = await rank();
            _current[key] = (products, clock.GetUtcNow() + RefreshEvery);
            return products;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>A catalog edit (name, price, archive) shows at once on the instance that made it.</summary>
    public void Invalidate() => _current.Clear();
}

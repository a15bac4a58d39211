using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Common;

namespace O2O.Application.Carts;

/// <summary>
/// The cart checked against "my store": each line says what the store can still promise, and when something
/// is short, or the store has paused pickup orders, the view offers the nearest stores that take orders and have
/// the whole cart.
/// </summary>
public sealed record GetCart(Guid? CartId) : IQuery<CartView>;

public sealed record CartView(Guid? StoreId, string? StoreName, IReadOnlyList<CartLineView> Lines, MoneyDto? Total,
    IReadOnlyList<CartStoreOption> StoresWithEverything, bool StorePaused = false)
{
    public static readonly CartView Empty = new(null, null, [], null, []);

    public int ItemCount => Lines.Sum(l => l.Quantity);
    public bool HasShortLines => Lines.Any(l => l.IsShort);
    public bool CanCheckOut => StoreId is not null && Lines.Count > 0 && !HasShortLines && !StorePaused;
}

public sealed record CartLineView(Guid ProductId, string Sku, string Name, string? ImageUrl, int Quantity, MoneyDto UnitPrice,
    MoneyDto LineTotal, int? Available, bool AgeRestricted = false)
{
    public bool IsShort => Available is { } a && a < Quantity;
}

public sealed record CartStoreOption(Guid StoreId, string Name, string City);

public sealed class GetCartHandler(IAppDbContext db) : IQueryHandler<GetCart, CartView>
{
    public async ValueTask<CartView> Handle(GetCart query, CancellationToken ct)
    {
        if (query.CartId is not { } cartId) return CartView.Empty;
        var cart = await db.Carts.AsNoTracking().Where(c => c.Id == cartId)
            .Select(c => new
            {
                c.StoreId,
                StoreName = db.Stores.Where(s => s.Id == c.StoreId).Select(s => s.Name).FirstOrDefault(),
                StorePaused = db.Stores.Where(s => s.Id == c.StoreId).Select(s => s.PickupPaused).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (cart is null) return CartView.Empty;

        var lines = await (
            from l in db.Carts.AsNoTracking().Where(c => c.Id == cartId).SelectMany(c => c.Lines)
            join p in db.Products on l.ProductId equals p.Id
            orderby p.Name
            select new
            {
                l.ProductId, p.Sku, p.Name, p.ImageUrl, l.Quantity, p.PriceAmount, p.PriceCurrency, p.AgeRestricted,
                Available = cart.StoreId == null ? (int?)null
                    : db.Stock.Where(s => s.StoreId == cart.StoreId && s.ProductId == l.ProductId).Select(s => (int?)(s.OnHand - s.Reserved)).FirstOrDefault() ?? 0,
            }).ToListAsync(ct);

        var views = lines.Select(l => new CartLineView(l.ProductId, l.Sku, l.Name, l.ImageUrl, l.Quantity,
            new MoneyDto(l.PriceAmount, l.PriceCurrency), new MoneyDto(l.PriceAmount * l.Quantity, l.PriceCurrency), l.Available, l.AgeRestricted)).ToList();
        MoneyDto? total = views.Count == 0 ? null : new MoneyDto(views.Sum(v => v.LineTotal.Amount), views[0].LineTotal.Currency);

        IReadOnlyList<CartStoreOption> alternatives = [];
        if (views.Any(v => v.IsShort) || (cart.StorePaused && views.Count > 0))
        {
            var ids = views.Select(v => v.ProductId).ToArray();
            var wanted = views.ToDictionary(v => v.ProductId, v => v.Quantity);
            var stock = await db.Stock.AsNoTracking().Where(s => ids.Contains(s.ProductId) && s.StoreId != cart.StoreId)
                .Select(s => new { s.StoreId, s.ProductId, Available = s.OnHand - s.Reserved }).ToListAsync(ct);
            var storeIds = stock.GroupBy(s => s.StoreId)
                .Where(g => g.Count(s => s.Available >= wanted[s.ProductId]) == ids.Length)
                .Select(g => g.Key).ToList();
            // Nearest to the shopper's current store first: a Paris shopper is offered Paris stores before Helsinki.
            var here = await db.Stores.AsNoTracking().Where(s => s.Id == cart.StoreId).Select(s => new { s.Latitude, s.Longitude }).FirstOrDefaultAsync(ct);
            var options = await db.Stores.AsNoTracking().Where(s => storeIds.Contains(s.Id) && !s.PickupPaused)
                .Select(s => new { s.Id, s.Name, s.Address.City, s.Latitude, s.Longitude }).ToListAsync(ct);
            alternatives = options
                .OrderBy(s => here is null ? 0 : new GeoPoint(here.Latitude, here.Longitude).DistanceKmTo(new GeoPoint(s.Latitude, s.Longitude)))
                .ThenBy(s => s.Name)
                .Take(5)
                .Select(s => new CartStoreOption(s.Id, s.Name, s.City)).ToList();
        }
        return new CartView(cart.StoreId, cart.StoreName, views, total, alternatives, cart.StorePaused);
    }
}

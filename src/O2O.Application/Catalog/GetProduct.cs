using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;

namespace O2O.Application.Catalog;

public sealed record GetProduct(Guid Id) : IQuery<ProductDetails?>;

public sealed record ProductDetails(Guid Id, string Sku, string Name, string Description, string Category,
    MoneyDto Price, string? ImageUrl, bool IsActive);

public sealed class GetProductHandler(IAppDbContext db) : IQueryHandler<GetProduct, ProductDetails?>
{
    public async ValueTask<ProductDetails?> Handle(GetProduct query, CancellationToken cancellationToken) =>
        await db.Products.AsNoTracking()
            .Where(p => p.Id == query.Id && p.IsActive)
            .Select(p => new ProductDetails(p.Id, p.Sku, p.Name, p.Description, p.Category,
                new MoneyDto(p.PriceAmount, p.PriceCurrency), p.ImageUrl, p.IsActive))
            .FirstOrDefaultAsync(cancellationToken);
}

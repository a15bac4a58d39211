using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Promotions;

/// <summary>What a promotion may name, for the admin's form to offer as lists rather than ids to type.</summary>
public sealed record GetPromotionChoices : IQuery<PromotionChoices>;

public sealed record PromotionChoices(IReadOnlyList<PromotionChoices.Product> Products, IReadOnlyList<string> Categories, IReadOnlyList<PromotionChoices.Store> Stores)
{
    public sealed record Product(Guid Id, string Sku, string Name, bool IsActive);

    public sealed record Store(Guid Id, string Code, string Name, string TimeZoneId);
}

public sealed class GetPromotionChoicesHandler(IAppDbContext db) : IQueryHandler<GetPromotionChoices, PromotionChoices>
{
    /// <summary>A select list past this is no use to a person; the API takes any product id.</summary>
    public const int MaxProducts = 2000;

    public async ValueTask<PromotionChoices> Handle(GetPromotionChoices query, CancellationToken ct)
    {
        var products = await db.Products.AsNoTracking().OrderBy(p => p.Name).ThenBy(p => p.Sku).Take(MaxProducts)
            .Select(p => new PromotionChoices.Product(p.Id, p.Sku, p.Name, p.IsActive)).ToListAsync(ct);
        var categories = await db.Products.AsNoTracking().Select(p => p.Category).Distinct().OrderBy(c => c).ToListAsync(ct);
        var stores = await db.Stores.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new PromotionChoices.Store(s.Id, s.Code, s.Name, s.TimeZoneId)).ToListAsync(ct);
        return new PromotionChoices(products, categories, stores);
    }
}

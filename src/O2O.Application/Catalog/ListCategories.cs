using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Catalog;

public sealed record ListCategories : IQuery<IReadOnlyList<CategorySummary>>;

public sealed record CategorySummary(string Name, int ProductCount);

public sealed class ListCategoriesHandler(IAppDbContext db) : IQueryHandler<ListCategories, IReadOnlyList<CategorySummary>>
{
    public async ValueTask<IReadOnlyList<CategorySummary>> Handle(ListCategories query, CancellationToken cancellationToken) =>
        await db.Products.AsNoTracking().Where(p => p.IsActive)
            .GroupBy(p => p.Category)
            .OrderBy(g => g.Key)
            .Select(g => new CategorySummary(g.Key, g.Count()))
            .ToListAsync(cancellationToken);
}

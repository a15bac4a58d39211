using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Catalog;

public sealed record ListCategories : IQuery<IReadOnlyList<CategorySummary>>;

/// <summary><paramref name="Name"/> is the category's key (its name in the catalog's language); <paramref name="DisplayName"/> the reader's.</summary>
public sealed record CategorySummary(string Name, int ProductCount, string DisplayName);

public sealed class ListCategoriesHandler(IReadDbContext db) : IQueryHandler<ListCategories, IReadOnlyList<CategorySummary>>
{
    public async ValueTask<IReadOnlyList<CategorySummary>> Handle(ListCategories query, CancellationToken cancellationToken)
    {
        var counts = await db.Products.AsNoTracking().Where(p => p.IsActive)
            .GroupBy(p => p.Category)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var culture = CatalogLanguage.Current;
        var names = culture is null ? [] : await db.CategoryTranslations.AsNoTracking().Where(c => c.Culture == culture)
            .ToDictionaryAsync(c => c.Category, c => c.Name, cancellationToken);
        var compare = StringComparer.Create(System.Globalization.CultureInfo.CurrentCulture, ignoreCase: true);
        return counts.Select(c => new CategorySummary(c.Key, c.Count, names.GetValueOrDefault(c.Key, c.Key)))
            .OrderBy(c => c.DisplayName, compare).ToList();
    }
}

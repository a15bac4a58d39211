using System.Globalization;
using System.Linq.Expressions;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Catalog;

namespace O2O.Application.Catalog;

/// <summary>
/// The catalog in the reader's language: a product's or category's translation where the admin entered one, the
/// catalog's own text otherwise. Reads in the default language skip the lookups altogether.
/// </summary>
public static class CatalogLanguage
{
    /// <summary>The reader's language when it is not the catalog's own; null when no translation applies.</summary>
    public static string? Current =>
        Cultures.Match(CultureInfo.CurrentUICulture.Name) is { } culture && culture != Cultures.Default ? culture : null;

    public static Expression<Func<Product, ProductSummary>> Summary(IAppDbContext db, string? culture) => culture is null
        ? p => new ProductSummary(p.Id, p.Sku, p.Name, p.Category, new MoneyDto(p.PriceAmount, p.PriceCurrency), p.ImageUrl, p.Category)
        : p => new ProductSummary(p.Id, p.Sku,
            p.Translations.Where(t => t.Culture == culture).Select(t => t.Name).FirstOrDefault() ?? p.Name,
            p.Category, new MoneyDto(p.PriceAmount, p.PriceCurrency), p.ImageUrl,
            db.CategoryTranslations.Where(c => c.Category == p.Category && c.Culture == culture).Select(c => c.Name).FirstOrDefault() ?? p.Category);

    /// <summary>What the list is sorted by: the name the shopper reads.</summary>
    public static Expression<Func<Product, string>> Name(string? culture) => culture is null
        ? p => p.Name
        : p => p.Translations.Where(t => t.Culture == culture).Select(t => t.Name).FirstOrDefault() ?? p.Name;
}

using O2O.Domain.Common;
using O2O.Domain.Tax;

namespace O2O.Domain.Catalog;

public sealed class Product
{
    public const int SkuMaxLength = 32;
    public const int NameMaxLength = 200;
    public const int CategoryMaxLength = 80;

    public const int DescriptionMaxLength = 4000;

    private readonly List<ProductTranslation> _translations = [];

    private Product() { }

    public Product(Guid id, string sku, string name, string description, string category, Money price, string? imageUrl)
    {
        Id = id;
        Sku = RequireText(sku, SkuMaxLength, "SKU").ToUpperInvariant();
        Rename(name, description);
        Recategorize(category);
        Reprice(price);
        ImageUrl = imageUrl;
        IsActive = true;
    }

    public Guid Id { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Category { get; private set; } = "";
    public long PriceAmount { get; private set; }
    public string PriceCurrency { get; private set; } = "";
    public string? ImageUrl { get; private set; }
    public bool IsActive { get; private set; }
    /// <summary>"ID check": sold only to adults, so the desk checks the collector's ID at hand-over (order lines keep a copy).</summary>
    public bool AgeRestricted { get; private set; }

    /// <summary>Which VAT rate family the product falls in; the number comes from the store's country (<see cref="VatRates"/>).</summary>
    public TaxCategory TaxCategory { get; private set; } = TaxCategory.Standard;

    public Money Price => new(PriceAmount, PriceCurrency);

    /// <summary>The name and description in the other languages the shop speaks; a language without one shows these.</summary>
    public IReadOnlyList<ProductTranslation> Translations => _translations;

    /// <summary>Sets the product's name and description in <paramref name="culture"/>, replacing what it had.</summary>
    public void Translate(string culture, string name, string? description)
    {
        culture = Catalog.Culture.Require(culture);
        name = RequireText(name, NameMaxLength, "Name");
        description = description?.Trim() ?? "";
        if (description.Length > DescriptionMaxLength) throw new DomainException($"Description is longer than {DescriptionMaxLength} characters.");
        if (_translations.FirstOrDefault(t => t.Culture == culture) is { } existing) existing.Change(name, description);
        else _translations.Add(new ProductTranslation(Id, culture, name, description));
    }

    /// <summary>Removes the translation, so that language shows the catalog's own text again; false when there was none.</summary>
    public bool RemoveTranslation(string culture) => _translations.RemoveAll(t => t.Culture == culture) > 0;

    public void Rename(string name, string description)
    {
        Name = RequireText(name, NameMaxLength, "Name");
        Description = description?.Trim() ?? "";
    }

    public void Recategorize(string category) => Category = RequireText(category, CategoryMaxLength, "Category");

    public void Reprice(Money price)
    {
        PriceAmount = price.Amount;
        PriceCurrency = price.Currency;
    }

    public void RestrictByAge(bool restricted) => AgeRestricted = restricted;

    public void ChangeTaxCategory(TaxCategory category)
    {
        if (!Enum.IsDefined(category)) throw new DomainException("Unknown tax category.");
        TaxCategory = category;
    }

    public void ChangeImage(string? imageUrl) => ImageUrl = imageUrl;

    public void Archive() => IsActive = false;

    public void Restore() => IsActive = true;

    private static string RequireText(string value, int max, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new DomainException($"{what} is required.");
        value = value.Trim();
        if (value.Length > max) throw new DomainException($"{what} is longer than {max} characters.");
        return value;
    }
}

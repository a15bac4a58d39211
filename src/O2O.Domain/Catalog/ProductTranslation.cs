namespace O2O.Domain.Catalog;

/// <summary>A product's name and description in one language other than the catalog's own.</summary>
public sealed class ProductTranslation
{
    private ProductTranslation() { }

    internal ProductTranslation(Guid productId, string culture, string name, string description)
    {
        ProductId = productId;
        Culture = culture;
        Change(name, description);
    }

    public Guid ProductId { get; private set; }
    public string Culture { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";

    internal void Change(string name, string description)
    {
        Name = name;
        Description = description;
    }
}

/// <summary>
/// A category's name in one language. Products name their category in the catalog's own language, which stays the
/// category's key (in links such as <c>?category=Kitchen</c>); a translation only changes what a shopper reads.
/// </summary>
public sealed class CategoryTranslation
{
    private CategoryTranslation() { }

    public CategoryTranslation(string category, string culture, string name)
    {
        Category = category;
        Culture = Catalog.Culture.Require(culture);
        Rename(name);
    }

    public string Category { get; private set; } = "";
    public string Culture { get; private set; } = "";
    public string Name { get; private set; } = "";

    public void Rename(string name) => Name = Catalog.Culture.RequireName(name, Product.CategoryMaxLength, "Name");
}

internal static class Culture
{
    public const int MaxLength = 16;

    /// <summary>A culture name such as "fr" or "pt-BR"; which ones the shop speaks is the application's list.</summary>
    public static string Require(string culture)
    {
        if (string.IsNullOrWhiteSpace(culture) || culture.Length > MaxLength || !culture.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new Common.DomainException($"'{culture}' is not a culture name.");
        return culture;
    }

    public static string RequireName(string value, int max, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new Common.DomainException($"{what} is required.");
        value = value.Trim();
        if (value.Length > max) throw new Common.DomainException($"{what} is longer than {max} characters.");
        return value;
    }
}

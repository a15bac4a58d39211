using O2O.Domain.Common;

namespace O2O.Domain.Catalog;

public sealed class Product
{
    public const int SkuMaxLength = 32;
    public const int NameMaxLength = 200;
    public const int CategoryMaxLength = 80;

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

    public Money Price => new(PriceAmount, PriceCurrency);

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

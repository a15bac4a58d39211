using System.Text.Json;
using O2O.Application.Catalog;
using O2O.Application.Common;

namespace O2O.Web.Storefront;

/// <summary>
/// The schema.org Product of a product page, with one Offer per store the page shows: the price, whether the store has it, where the
/// store is and, when a slot can still start today, that it can be collected today (ADR 36).
/// </summary>
public static class ProductStructuredData
{
    private const string Schema = "https://schema.org/";

    /// <summary>
    /// JSON for a &lt;script type="application/ld+json"&gt;. The serializer's default encoder writes &lt;, &gt;, &amp;
    /// and quotes as \u escapes, so no product text can close the script element or open another.
    /// </summary>
    public static string Json(HttpRequest request, ProductDetails product, IReadOnlyList<LocalOffer> offers)
    {
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var price = Price(product.Price);
        var data = new Dictionary<string, object>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Product",
            ["@id"] = $"{origin}/products/{product.Id}",
            ["url"] = $"{origin}/products/{product.Id}",
            ["name"] = product.Name,
            ["description"] = product.Description,
            ["sku"] = product.Sku,
            ["category"] = product.Category,
            ["image"] = origin + CategoryImages.ForProduct(product.ImageUrl, product.Category),
            ["offers"] = offers.Select(o => Offer(origin, product, price, o)).ToList(),
        };
        return JsonSerializer.Serialize(data);
    }

    private static Dictionary<string, object> Offer(string origin, ProductDetails product, string price, LocalOffer o)
    {
        var inStock = o.Available > 0 && !o.PickupPaused;
        var offer = new Dictionary<string, object>
        {
            ["@type"] = "Offer",
            ["url"] = $"{origin}/products/{product.Id}",
            ["price"] = price,
            ["priceCurrency"] = product.Price.Currency,
            ["itemCondition"] = Schema + "NewCondition",
            ["availability"] = Schema + (inStock ? "InStock" : "OutOfStock"),
            ["availableDeliveryMethod"] = Schema + "OnSitePickup",
            ["inventoryLevel"] = new Dictionary<string, object> { ["@type"] = "QuantitativeValue", ["value"] = Math.Max(0, o.Available) },
            ["availableAtOrFrom"] = new Dictionary<string, object>
            {
                ["@type"] = "Store",
                ["@id"] = $"{origin}/stores/{o.StoreId}",
                ["name"] = o.StoreName,
                ["address"] = new Dictionary<string, object>
                {
                    ["@type"] = "PostalAddress",
                    ["streetAddress"] = o.Street,
                    ["postalCode"] = o.PostalCode,
                    ["addressLocality"] = o.City,
                    ["addressCountry"] = o.CountryCode,
                },
            },
        };
        // Ready the same day: no delay between the order and the goods being ready for pickup.
        if (o.CollectToday)
            offer["deliveryLeadTime"] = new Dictionary<string, object> { ["@type"] = "QuantitativeValue", ["value"] = 0, ["unitCode"] = "DAY" };
        return offer;
    }

    /// <summary>"49.90": schema.org wants a plain number with a dot, in the currency's own number of decimals.</summary>
    private static string Price(MoneyDto money)
    {
        decimal major = money.Amount;
        var decimals = CurrencyUnits.Decimals(money.Currency);
        for (var i = 0; i < decimals; i++) major /= 10;
        return major.ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture);
    }
}

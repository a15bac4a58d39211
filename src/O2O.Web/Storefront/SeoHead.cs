using System.Globalization;
using O2O.Application.Localization;
using O2O.Web.Localization;

namespace O2O.Web.Storefront;

/// <summary>
/// What a storefront page tells search engines in its head: a description in its language, its canonical address and
/// the same page in the eight languages (ADR 36). Each language has its own address, <c>?culture=xx</c>, which the
/// request localisation reads first; the address without a culture is the <c>x-default</c> that negotiates.
/// </summary>
public sealed record SeoHead(string Description, string Canonical, IReadOnlyList<SeoHead.Alternate> Alternates)
{
    public sealed record Alternate(string HrefLang, string Href);

    /// <summary>Longer descriptions are cut by search engines anyway; cut at a word, not mid-word.</summary>
    public const int DescriptionMaxLength = 300;

    /// <summary>
    /// The query keys that choose what a public page shows (a category, a search, a page of results). Everything else
    /// (an order's token above all, a shopper's position) stays out of the links a page publishes.
    /// </summary>
    private static readonly string[] PublicQueryKeys = ["category", "search", "p"];

    public static SeoHead For(HttpContext http, object? model, string? description)
    {
        var request = http.Request;
        var query = PublicQueryKeys
            .Where(k => !string.IsNullOrWhiteSpace(request.Query[k]))
            .Select(k => new KeyValuePair<string, string?>(k, request.Query[k].ToString()))
            .ToList();
        var path = request.PathBase + request.Path;
        var alternates = Cultures.Supported.Select(c => new Alternate(c, AbsoluteUrl(request, path, query, c)))
            .Append(new Alternate("x-default", AbsoluteUrl(request, path, query, null)))
            .ToList();
        // Each address is its own canonical: a language's address names its language, and the address without one is
        // the x-default that negotiates (pointing it at one language would tell search engines to drop the others).
        var canonical = AbsoluteUrl(request, path, query, request.Query.ContainsKey("culture") ? CultureInfo.CurrentUICulture.Name : null);
        return new SeoHead(Shorten(description ?? DescriptionOf(model)), canonical, alternates);
    }

    /// <summary>The address of a page in a language; without one, the address that lets the visitor's browser choose.</summary>
    public static string AbsoluteUrl(HttpRequest request, string path, IEnumerable<KeyValuePair<string, string?>> query, string? culture)
    {
        var pairs = culture is null ? query : query.Append(new KeyValuePair<string, string?>("culture", culture));
        return $"{request.Scheme}://{request.Host}{path}{QueryString.Create(pairs)}";
    }

    private static string DescriptionOf(object? model) => model switch
    {
        Pages.IndexModel => Common.MetaDescriptionHome,
        Pages.Products.IndexModel { Category: { Length: > 0 } category } list => string.Format(Common.MetaDescriptionCategory,
            list.Categories.FirstOrDefault(c => c.Name == category)?.DisplayName ?? category),
        Pages.Products.IndexModel => Common.MetaDescriptionProducts,
        Pages.Products.DetailsModel { Product: { } p } => string.Format(Common.MetaDescriptionProduct, p.Name, Formats.Money(p.Price), p.Description),
        Pages.Stores.IndexModel => Common.MetaDescriptionStores,
        Pages.Stores.DetailsModel { Store: { } s } => string.Format(Common.MetaDescriptionStore, s.Name,
            string.Join(", ", s.Address.Street, $"{s.Address.PostalCode} {s.Address.City}")),
        _ => Common.MetaDescriptionDefault,
    };

    private static string Shorten(string text)
    {
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= DescriptionMaxLength) return text;
        var cut = text.LastIndexOf(' ', DescriptionMaxLength - 1);
        return string.Concat(text.AsSpan(0, cut > 0 ? cut : DescriptionMaxLength - 1), "…");
    }
}

using System.Text;

namespace O2O.Web.Storefront;

/// <summary>Where a category's picture lives: its name as a URL-safe slug ("Home & Garden" is home-garden.svg).</summary>
public static class CategoryImages
{
    public const string FallbackPath = "img/categories/default.svg";

    public static string Url(string category) => $"/img/categories/{Slug(category)}.svg";

    /// <summary>
    /// The picture to show for a product: its own, else its category's, which for a category nobody has drawn yet is
    /// answered with the generic picture (ImageEndpoints), never a broken image.
    /// </summary>
    public static string ForProduct(string? imageUrl, string category) => string.IsNullOrWhiteSpace(imageUrl) ? Url(category) : imageUrl;

    public static string Slug(string category)
    {
        var slug = new StringBuilder(category.Length);
        foreach (var c in category.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var result = slug.ToString().TrimEnd('-');
        return result.Length == 0 ? "default" : result;
    }
}

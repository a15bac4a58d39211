using System.Text;
using System.Text.Json;
using System.Xml;
using Mediator;
using O2O.Application.Catalog;
using O2O.Application.Localization;
using O2O.Web.Infrastructure;
using O2O.Web.Localization;
using O2O.Web.Storefront;

namespace O2O.Web.Api;

/// <summary>What browsers and search engines ask a site for: the web app manifest, robots.txt and the sitemap (ADR 35, h-seo).</summary>
public static class SiteEndpoints
{
    /// <summary>Where crawlers have nothing to find: personal pages, the desk, the back office and the API.</summary>
    public static readonly IReadOnlyList<string> PrivatePaths =
        ["/staff", "/admin", "/api", "/account", "/Account", "/orders", "/cart", "/checkout", "/culture"];

    private const string SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string XhtmlNs = "http://www.w3.org/1999/xhtml";

    public static void MapSiteEndpoints(this IEndpointRouteBuilder app)
    {
        // A shelf label's QR code: short and stable, so labels printed today keep working. It opens the product at that
        // store; the store becomes the cart's only when the shopper adds the product (a GET changes nothing).
        app.MapGet("/s/{storeCode}/p/{sku}", async (string storeCode, string sku, ISender sender, CancellationToken ct) =>
                await sender.Send(new FindShelfItem(storeCode, sku), ct) is { } item
                    ? Results.Redirect($"/products/{item.ProductId}?at={Uri.EscapeDataString(item.StoreCode)}")
                    : Results.NotFound())
            .ExcludeFromDescription();

        // The manifest speaks the page's language: the layout links it with ?culture=, as browsers fetch it without cookies.
        app.MapGet("/manifest.webmanifest", (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=3600";
                http.Response.Headers.Vary = "Accept-Language";
                return Results.Text(JsonSerializer.Serialize(Manifest()), "application/manifest+json", Encoding.UTF8);
            })
            .ExcludeFromDescription();

        app.MapGet("/robots.txt", (HttpContext http) =>
            {
                var text = new StringBuilder("User-agent: *\n");
                foreach (var path in PrivatePaths) text.Append("Disallow: ").Append(path).Append('\n');
                text.Append("Sitemap: ").Append(SeoHead.AbsoluteUrl(http.Request, http.Request.PathBase + "/sitemap.xml", [], null)).Append('\n');
                http.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.Text(text.ToString(), "text/plain", Encoding.UTF8);
            })
            .ExcludeFromDescription();

        app.MapGet("/sitemap.xml", async (HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var pages = await sender.Send(new ListPublicPages(), ct);
                http.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.Text(Sitemap(http.Request, pages), "application/xml", Encoding.UTF8);
            })
            .ExcludeFromDescription();
    }

    private static object Manifest() => new Dictionary<string, object>
    {
        ["id"] = "/",
        ["name"] = Common.AppName,
        ["short_name"] = "O2O",
        ["description"] = Common.AppDescription,
        ["lang"] = RequestCultures.Language,
        ["dir"] = RequestCultures.Direction,
        ["start_url"] = "/",
        ["scope"] = "/",
        ["display"] = "standalone",
        ["background_color"] = "#f7f8fa",
        ["theme_color"] = "#0b5cad",
        ["categories"] = new[] { "shopping" },
        ["icons"] = new[]
        {
            Icon("/icons/icon-192.png", "192x192", "image/png", "any"),
            Icon("/icons/icon-512.png", "512x512", "image/png", "any"),
            Icon("/icons/icon-maskable-512.png", "512x512", "image/png", "maskable"),
            Icon("/icons/icon.svg", "any", "image/svg+xml", "any"),
        },
    };

    private static Dictionary<string, string> Icon(string src, string sizes, string type, string purpose) =>
        new() { ["src"] = src, ["sizes"] = sizes, ["type"] = type, ["purpose"] = purpose };

    /// <summary>
    /// One &lt;url&gt; per page and language, each listing the page in every language and the x-default, as search
    /// engines ask for. Past 50,000 addresses (about 6,000 products) this needs to become a sitemap index.
    /// </summary>
    private static string Sitemap(HttpRequest request, PublicPages pages)
    {
        var paths = new List<(string Path, KeyValuePair<string, string?>[] Query)> { ("/", []), ("/products", []), ("/stores", []) };
        paths.AddRange(pages.Categories.Select(c => ("/products", new[] { new KeyValuePair<string, string?>("category", c) })));
        paths.AddRange(pages.ProductIds.Select(id => ($"/products/{id}", Array.Empty<KeyValuePair<string, string?>>())));
        paths.AddRange(pages.StoreIds.Select(id => ($"/stores/{id}", Array.Empty<KeyValuePair<string, string?>>())));

        var output = new StringBuilder();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            xml.WriteStartElement("urlset", SitemapNs);
            xml.WriteAttributeString("xmlns", "xhtml", null, XhtmlNs);
            foreach (var (path, query) in paths)
            {
                var full = request.PathBase + path;
                foreach (var culture in Cultures.Supported)
                {
                    xml.WriteStartElement("url", SitemapNs);
                    xml.WriteElementString("loc", SitemapNs, SeoHead.AbsoluteUrl(request, full, query, culture));
                    foreach (var alternate in Cultures.Supported)
                        Alternate(xml, alternate, SeoHead.AbsoluteUrl(request, full, query, alternate));
                    Alternate(xml, "x-default", SeoHead.AbsoluteUrl(request, full, query, null));
                    xml.WriteEndElement();
                }
            }
            xml.WriteEndElement();
        }
        // StringBuilder output declares UTF-16; the response is UTF-8.
        return output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void Alternate(XmlWriter xml, string hreflang, string href)
    {
        xml.WriteStartElement("xhtml", "link", XhtmlNs);
        xml.WriteAttributeString("rel", "alternate");
        xml.WriteAttributeString("hreflang", hreflang);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}

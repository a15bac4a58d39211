using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Seo;

/// <summary>The files browsers and crawlers ask a site for: sitemap.xml, robots.txt and the web app manifest.</summary>
public sealed class SiteFilesTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    private static readonly string[] Languages = ["en", "fr", "de", "pt", "fi", "id", "ar", "ru"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SeedDemoDataAsync();
    }

    [Fact]
    public async Task The_sitemap_lists_every_public_page_in_every_language_with_its_alternates()
    {
        var response = await App.CreateClient().GetAsync("/sitemap.xml");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/xml");
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());

        xml.Root!.Name.ShouldBe(Sitemap + "urlset");
        var urls = xml.Root.Elements(Sitemap + "url").ToList();
        // Home, products, stores; six categories, 66 products and 12 stores; each in eight languages.
        urls.Count.ShouldBe((3 + 6 + 66 + 12) * 8);
        foreach (var url in urls)
        {
            var loc = url.Element(Sitemap + "loc")!.Value;
            var links = url.Elements(Xhtml + "link").ToList();
            links.ShouldAllBe(l => (string?)l.Attribute("rel") == "alternate");
            links.Select(l => (string)l.Attribute("hreflang")!).ShouldBe([.. Languages, "x-default"], ignoreOrder: true);
            links.Select(l => (string)l.Attribute("href")!).ShouldContain(loc);
            new Uri(loc).IsAbsoluteUri.ShouldBeTrue();
        }

        var kettle = await App.WithDbAsync(db => db.Products.Where(p => p.Sku == "KIT-010").Select(p => p.Id).SingleAsync());
        var kettleInFrench = urls.Single(u => u.Element(Sitemap + "loc")!.Value == $"http://localhost/products/{kettle}?culture=fr");
        kettleInFrench.Elements(Xhtml + "link").Single(l => (string)l.Attribute("hreflang")! == "x-default")
            .Attribute("href")!.Value.ShouldBe($"http://localhost/products/{kettle}");
        urls.ShouldContain(u => u.Element(Sitemap + "loc")!.Value == "http://localhost/products?category=Kitchen&culture=ar");
    }

    [Fact]
    public async Task A_product_taken_off_sale_leaves_the_sitemap()
    {
        var kettle = await App.WithDbAsync(async db =>
        {
            var product = await db.Products.SingleAsync(p => p.Sku == "KIT-010");
            product.Archive();
            await db.SaveChangesAsync();
            return product.Id;
        });

        var text = await App.CreateClient().GetStringAsync("/sitemap.xml");

        text.ShouldNotContain(kettle.ToString());
    }

    [Fact]
    public async Task Robots_point_to_the_sitemap_and_keep_crawlers_out_of_personal_and_staff_pages()
    {
        var response = await App.CreateClient().GetAsync("/robots.txt");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/plain");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines[0].ShouldBe("User-agent: *");
        foreach (var path in new[] { "/staff", "/admin", "/api", "/account", "/orders", "/cart", "/checkout" })
            lines.ShouldContain($"Disallow: {path}");
        lines.ShouldContain("Sitemap: http://localhost/sitemap.xml");
        lines.ShouldNotContain("Disallow: /products");
    }

    [Theory]
    [InlineData("en", "O2O: order online, collect in store", "ltr")]
    [InlineData("fr", "O2O : commandez en ligne, retirez en magasin", "ltr")]
    [InlineData("ar", "O2O: اطلب عبر الإنترنت واستلم من المتجر", "rtl")]
    public async Task The_manifest_makes_the_shop_installable_in_the_page_language(string culture, string name, string dir)
    {
        var client = App.CreateClient();
        var response = await client.GetAsync($"/manifest.webmanifest?culture={culture}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/manifest+json");
        var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        manifest.GetProperty("name").GetString().ShouldBe(name);
        manifest.GetProperty("short_name").GetString().ShouldBe("O2O");
        manifest.GetProperty("lang").GetString().ShouldBe(culture);
        manifest.GetProperty("dir").GetString().ShouldBe(dir);
        manifest.GetProperty("display").GetString().ShouldBe("standalone");
        manifest.GetProperty("start_url").GetString().ShouldBe("/");
        manifest.GetProperty("theme_color").GetString().ShouldNotBeNullOrEmpty();
        manifest.GetProperty("background_color").GetString().ShouldNotBeNullOrEmpty();
        var icons = manifest.GetProperty("icons").EnumerateArray().ToList();
        icons.ShouldContain(i => i.GetProperty("sizes").GetString() == "192x192" && i.GetProperty("type").GetString() == "image/png");
        icons.ShouldContain(i => i.GetProperty("sizes").GetString() == "512x512" && i.GetProperty("purpose").GetString() == "any");
        icons.ShouldContain(i => i.GetProperty("purpose").GetString() == "maskable");
        icons.ShouldContain(i => i.GetProperty("type").GetString() == "image/svg+xml");
        foreach (var icon in icons)
        {
            var file = await client.GetAsync(icon.GetProperty("src").GetString());
            file.StatusCode.ShouldBe(HttpStatusCode.OK, icon.GetProperty("src").GetString());
            file.Content.Headers.ContentType?.MediaType.ShouldBe(icon.GetProperty("type").GetString());
            if (icon.GetProperty("type").GetString() == "image/png")
                PngSize(await file.Content.ReadAsByteArrayAsync()).ShouldBe(icon.GetProperty("sizes").GetString());
        }
    }

    [Fact]
    public async Task Every_storefront_page_links_the_manifest_and_the_favicon_in_its_language()
    {
        var html = await PageClient.For(App).GetAsync("/products?culture=fi");

        html.ShouldContain("<link rel=\"manifest\" href=\"/manifest.webmanifest?culture=fi\" />");
        html.ShouldContain("<link rel=\"icon\" href=\"/favicon.ico\"");
        html.ShouldContain("/js/pwa.js?v=");
    }

    /// <summary>"192x192", read from the PNG's header.</summary>
    private static string PngSize(byte[] png)
    {
        png[..8].ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        var height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
        return $"{width}x{height}";
    }
}

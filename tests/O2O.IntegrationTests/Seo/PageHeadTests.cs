using System.Net;
using Microsoft.EntityFrameworkCore;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Seo;

/// <summary>
/// Every storefront page names itself to search engines in its own language: a description, a canonical address and
/// the same page in the eight languages and the x-default (ADR 36).
/// </summary>
public sealed class PageHeadTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly string[] Languages = ["en", "fr", "de", "pt", "fi", "id", "ar", "ru"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SeedDemoDataAsync();
    }

    [Theory]
    [InlineData("en", "Electric kettle 1.7 l, €34.90. Boils in under three minutes, auto shut-off. Order online, collect in store.")]
    [InlineData("fr", "Bouilloire électrique 1,7 l, 34,90 €. Bout en moins de trois minutes, arrêt automatique. Commandez en ligne, retirez en magasin.")]
    public async Task A_product_page_describes_the_product_in_its_language_and_links_every_language(string culture, string description)
    {
        var id = await ProductIdAsync("KIT-010");
        var html = await PageClient.For(App).GetAsync($"/products/{id}?culture={culture}&lat=48.86&lon=2.34");

        // French writes a narrow no-break space before the euro sign.
        PageHead.Description(html).Replace('\u202f', ' ').Replace('\u00a0', ' ').ShouldBe(description);
        PageHead.Canonical(html).ShouldBe($"http://localhost/products/{id}?culture={culture}");
        var alternates = PageHead.Alternates(html);
        alternates.Keys.ShouldBe([.. Languages, "x-default"], ignoreOrder: true);
        foreach (var language in Languages) alternates[language].ShouldBe($"http://localhost/products/{id}?culture={language}");
        alternates["x-default"].ShouldBe($"http://localhost/products/{id}");
    }

    [Theory]
    [InlineData("/", "en", "Browse popular products")]
    [InlineData("/", "fr", "Découvrez nos produits populaires")]
    [InlineData("/", "ar", "تصفّح المنتجات الأكثر طلبًا")]
    [InlineData("/products", "fr", "Parcourez tout le catalogue")]
    [InlineData("/products?category=Kitchen", "fr", "Cuisine : consultez le stock de chaque magasin")]
    [InlineData("/stores", "fr", "Trouvez le magasin le plus proche")]
    [InlineData("/stores", "ar", "اعثر على أقرب متجر إليك")]
    [InlineData("/cart", "fr", "O2O : commandez en ligne dans un magasin près de chez vous")]
    public async Task Each_storefront_page_has_a_description_in_the_language_asked(string path, string culture, string start)
    {
        var separator = path.Contains('?') ? '&' : '?';
        var html = await PageClient.For(App).GetAsync($"{path}{separator}culture={culture}");

        PageHead.Description(html).ShouldStartWith(start);
        PageHead.Alternates(html).Count.ShouldBe(9);
        PageHead.Canonical(html).ShouldEndWith($"culture={culture}");
    }

    [Fact]
    public async Task The_address_that_negotiates_the_language_is_its_own_canonical_the_x_default()
    {
        // Lighthouse's canonical audit failed when it pointed at the English address, another hreflang location.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/stores");
        request.Headers.AcceptLanguage.ParseAdd("fi");
        var html = await (await PageClient.For(App).Http.SendAsync(request)).Content.ReadAsStringAsync();

        PageHead.Canonical(html).ShouldBe("http://localhost/stores");
        PageHead.Alternates(html)["x-default"].ShouldBe("http://localhost/stores");
        PageHead.Description(html).ShouldStartWith("Löydä lähin myymälä");
    }

    [Fact]
    public async Task A_store_page_is_described_by_the_store_and_its_address()
    {
        var id = await App.WithDbAsync(db => db.Stores.Where(s => s.Code == "PAR01").Select(s => s.Id).SingleAsync());
        var html = await PageClient.For(App).GetAsync($"/stores/{id}?culture=fr");

        PageHead.Description(html).ShouldBe("Paris Rivoli (99 Rue de Rivoli, 75001 Paris) : horaires d'ouverture, fermetures et créneaux de retrait. " +
                                            "Commandez en ligne et retirez votre commande ici.");
    }

    [Fact]
    public async Task A_category_keeps_its_filter_in_the_links_and_drops_what_only_one_visitor_sent()
    {
        var html = await PageClient.For(App).GetAsync("/products?category=Kitchen&p=1&utm_source=mail&culture=de");

        PageHead.Canonical(html).ShouldBe("http://localhost/products?category=Kitchen&p=1&culture=de");
        PageHead.Alternates(html)["x-default"].ShouldBe("http://localhost/products?category=Kitchen&p=1");
    }

    [Fact]
    public async Task An_order_page_never_publishes_its_token_in_its_links()
    {
        var store = await App.StoreAsync();
        var product = await App.ProductAsync("SEO-1");
        await App.StockAsync(store, product, 5);
        var (id, token) = await App.PaidOrderAsync(store, (product, 1));

        var html = await PageClient.For(App).GetAsync($"/orders/{id}?token={Uri.EscapeDataString(token)}");

        PageHead.Canonical(html).ShouldBe($"http://localhost/orders/{id}");
        PageHead.Alternates(html).Values.ShouldAllBe(href => !href.Contains("token"));
    }

    [Fact]
    public async Task The_favicon_and_the_icons_are_there()
    {
        var client = App.CreateClient();
        foreach (var (path, type) in new[] { ("/favicon.ico", "image/x-icon"), ("/icons/icon.svg", "image/svg+xml"), ("/icons/apple-touch-icon.png", "image/png") })
        {
            var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            response.Content.Headers.ContentType?.MediaType.ShouldBe(type, path);
        }
    }

    private Task<Guid> ProductIdAsync(string sku) =>
        App.WithDbAsync(db => db.Products.Where(p => p.Sku == sku).Select(p => p.Id).SingleAsync());
}

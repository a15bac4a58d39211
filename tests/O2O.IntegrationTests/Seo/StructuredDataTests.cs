using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using O2O.Application.Stores;
using O2O.Domain.Catalog;
using O2O.Domain.Common;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Seo;

/// <summary>
/// A product page carries a schema.org Product with one Offer per store (price, availability, the store and its
/// address), the local-inventory data search engines show as "in stock nearby" (ADR 36).
/// </summary>
public sealed class StructuredDataTests(O2OApp app) : IntegrationTest(app)
{
    // A Monday: 10:00 in Paris, 09:00 in Lisbon, 11:00 in Helsinki, all twelve stores open until 20:00.
    private static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    // The same Monday at 20:30 in Paris: every store has closed or takes no slot before closing.
    private static readonly DateTimeOffset MondayEvening = new(2026, 3, 2, 19, 30, 0, TimeSpan.Zero);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SeedDemoDataAsync();
    }

    [Fact]
    public async Task A_product_page_has_a_Product_with_an_Offer_per_store_and_its_address()
    {
        App.Clock.Set(MondayMorning);
        var product = await ProductAsync("KIT-010");
        var stock = await AvailableByStoreAsync(product.Id);

        var data = PageHead.JsonLd(await PageClient.For(App).GetAsync($"/products/{product.Id}"));

        data.GetProperty("@context").GetString().ShouldBe("https://schema.org");
        data.GetProperty("@type").GetString().ShouldBe("Product");
        data.GetProperty("name").GetString().ShouldBe("Electric kettle 1.7 l");
        data.GetProperty("description").GetString().ShouldBe("Boils in under three minutes, auto shut-off.");
        data.GetProperty("sku").GetString().ShouldBe("KIT-010");
        var image = data.GetProperty("image").GetString()!;
        image.ShouldStartWith("http://localhost/");
        (await App.CreateClient().GetAsync(new Uri(image).PathAndQuery)).IsSuccessStatusCode.ShouldBeTrue(image);

        var offers = data.GetProperty("offers").EnumerateArray().ToList();
        offers.Count.ShouldBe(12);
        foreach (var offer in offers)
        {
            offer.GetProperty("@type").GetString().ShouldBe("Offer");
            offer.GetProperty("price").GetString().ShouldBe("34.90");
            offer.GetProperty("priceCurrency").GetString().ShouldBe("EUR");
            var store = offer.GetProperty("availableAtOrFrom");
            store.GetProperty("@type").GetString().ShouldBe("Store");
            var name = store.GetProperty("name").GetString()!;
            var address = store.GetProperty("address");
            address.GetProperty("@type").GetString().ShouldBe("PostalAddress");
            foreach (var field in new[] { "streetAddress", "postalCode", "addressLocality", "addressCountry" })
                address.GetProperty(field).GetString().ShouldNotBeNullOrWhiteSpace($"{name}: {field}");
            var inStock = stock[name] > 0;
            offer.GetProperty("availability").GetString().ShouldBe(inStock ? "https://schema.org/InStock" : "https://schema.org/OutOfStock", name);
            offer.GetProperty("inventoryLevel").GetProperty("value").GetInt32().ShouldBe(Math.Max(0, stock[name]), name);
            // Every store is open this morning, so what it has can be collected today.
            Has(offer, "deliveryLeadTime").ShouldBe(inStock, name);
        }
        var rivoli = offers.Single(o => o.GetProperty("availableAtOrFrom").GetProperty("name").GetString() == "Paris Rivoli")
            .GetProperty("availableAtOrFrom").GetProperty("address");
        rivoli.GetProperty("streetAddress").GetString().ShouldBe("99 Rue de Rivoli");
        rivoli.GetProperty("postalCode").GetString().ShouldBe("75001");
        rivoli.GetProperty("addressLocality").GetString().ShouldBe("Paris");
        rivoli.GetProperty("addressCountry").GetString().ShouldBe("FR");
        stock.Values.ShouldContain(v => v > 0, "the demo kettle is on some shelf");
        stock.Values.ShouldContain(v => v == 0, "and missing from another");
    }

    [Fact]
    public async Task After_closing_time_no_store_offers_collection_today()
    {
        App.Clock.Set(MondayEvening);
        var product = await ProductAsync("KIT-010");

        var data = PageHead.JsonLd(await PageClient.For(App).GetAsync($"/products/{product.Id}"));

        var offers = data.GetProperty("offers").EnumerateArray().ToList();
        offers.ShouldContain(o => o.GetProperty("availability").GetString() == "https://schema.org/InStock");
        offers.ShouldAllBe(o => !Has(o, "deliveryLeadTime"));
    }

    [Fact]
    public async Task A_store_that_paused_pickup_offers_nothing_even_with_stock()
    {
        App.Clock.Set(MondayMorning);
        var product = await ProductAsync("KIT-010");
        await App.WithDbAsync(async db =>
        {
            foreach (var store in await db.Stores.ToListAsync()) store.PausePickup(true);
            await db.Database.ExecuteSqlAsync($"UPDATE store_stock SET on_hand = 5 WHERE product_id = {product.Id}");
            await db.SaveChangesAsync();
        });

        var data = PageHead.JsonLd(await PageClient.For(App).GetAsync($"/products/{product.Id}"));

        data.GetProperty("offers").EnumerateArray().ShouldAllBe(o =>
            o.GetProperty("availability").GetString() == "https://schema.org/OutOfStock" && !Has(o, "deliveryLeadTime"));
    }

    [Fact]
    public async Task A_chain_of_many_stores_offers_only_the_stores_the_page_shows()
    {
        App.Clock.Set(MondayMorning);
        for (var i = 1; i <= 10; i++) await App.StoreAsync($"SD{i:D3}");
        App.Services.GetRequiredService<StoreDirectory>().Invalidate();
        var product = await ProductAsync("KIT-010");

        var data = PageHead.JsonLd(await PageClient.For(App).GetAsync($"/products/{product.Id}"));
        var shown = (await App.CreateClient().GetJsonAsync($"/api/v1/products/{product.Id}/availability")).AsArray()
            .Select(s => (string)s!["storeName"]!).ToList();

        // 22 stores: the page lists 20, and its offers are those 20, not every store of the chain (issue 15's bench).
        shown.Count.ShouldBe(20);
        data.GetProperty("offers").EnumerateArray().Select(o => o.GetProperty("availableAtOrFrom").GetProperty("name").GetString())
            .ShouldBe(shown, ignoreOrder: true);
    }

    [Fact]
    public async Task A_product_name_cannot_close_the_script_element()
    {
        const string name = "Kettle </script><script>alert(1)</script>";
        var product = await App.WithDbAsync(async db =>
        {
            var p = new Product(Guid.CreateVersion7(), "XSS-1", name, "Hot & \"loud\" <b>", "Kitchen", new Money(1000, "EUR"), null);
            db.Products.Add(p);
            await db.SaveChangesAsync();
            return p;
        });

        var html = await PageClient.For(App).GetAsync($"/products/{product.Id}");

        html.ShouldNotContain("<script>alert(1)");
        var data = PageHead.JsonLd(html);
        data.GetProperty("name").GetString().ShouldBe(name);
        data.GetProperty("description").GetString().ShouldBe("Hot & \"loud\" <b>");
    }

    private static bool Has(JsonElement element, string property) => element.TryGetProperty(property, out _);

    private Task<Product> ProductAsync(string sku) => App.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Sku == sku));

    private Task<Dictionary<string, int>> AvailableByStoreAsync(Guid productId) =>
        App.WithDbAsync(db => db.Stock.Where(s => s.ProductId == productId)
            .Join(db.Stores, s => s.StoreId, st => st.Id, (s, st) => new { st.Name, Available = s.OnHand - s.Reserved })
            .ToDictionaryAsync(x => x.Name, x => x.Available));
}

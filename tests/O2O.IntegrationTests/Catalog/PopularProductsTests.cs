using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Catalog;

/// <summary>The home page's "Popular right now" follows what sells, not the alphabet.</summary>
public sealed class PopularProductsTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _apron = null!;
    private Product _zester = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("POP01");
        _apron = await App.ProductAsync("APRON", 1200);
        _zester = await App.ProductAsync("ZESTER", 900);
        await App.StockAsync(_store, _apron, 10);
        await App.StockAsync(_store, _zester, 10);
    }

    private static int Position(string html, string name) => html.IndexOf($">{name}<", StringComparison.Ordinal);

    [Fact]
    public async Task WithNoSales_PopularIsTheCatalogByName()
    {
        var home = await PageClient.For(App).GetAsync("/");

        Position(home, "Product APRON").ShouldBeGreaterThan(0);
        Position(home, "Product APRON").ShouldBeLessThan(Position(home, "Product ZESTER"));
    }

    [Fact]
    public async Task TheProductThatSells_ComesFirst()
    {
        await App.PaidOrderAsync(_store, (_zester, 3));

        var home = await PageClient.For(App).GetAsync("/");

        Position(home, "Product ZESTER").ShouldBeGreaterThan(0);
        Position(home, "Product ZESTER").ShouldBeLessThan(Position(home, "Product APRON"));
    }
}

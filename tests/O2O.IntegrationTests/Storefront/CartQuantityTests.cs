using System.Net;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Storefront;

public sealed class CartQuantityTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("HOME1");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
    }

    [Fact]
    public async Task AQuantityThatIsNotANumber_IsReportedBesideTheCart_AndLeavesTheLineAsItWas()
    {
        var page = PageClient.For(App);
        PageClient.Location(await page.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        await page.GetAsync($"/products/{_kettle.Id}");
        PageClient.Location(await page.PostFormWithoutTokenAsync($"/products/{_kettle.Id}?handler=AddToCart",
            new() { ["quantity"] = "2" }, PageClient.SameOrigin));

        var response = await page.PostFormAsync("/cart", "/cart?handler=Quantity", new() { ["productId"] = _kettle.Id.ToString(), ["quantity"] = "abc" });

        var cart = await page.GetAsync("/cart");
        cart.ShouldNotContain("Your cart is empty");
        cart.ShouldContain("max=\"99\" value=\"2\"");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Enter a quantity from 0 to 99.");
    }
}

using System.Net;
using System.Text.RegularExpressions;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Storefront;

/// <summary>
/// The shopper's store has paused pickup orders. Every page says so, none offers to place the order there, and the
/// stores suggested instead take orders and have the items: AWAY1 does, AWAY2 is paused too, EMPTY has none.
/// </summary>
public sealed partial class PausedStoreTests(O2OApp app) : IntegrationTest(app)
{
    private Store _home = null!;
    private Store _away = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _home = await App.StoreAsync("HOME1");
        _away = await App.StoreAsync("AWAY1");
        var pausedToo = await App.StoreAsync("AWAY2");
        await App.StoreAsync("EMPTY");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_home, _kettle, 10);
        await App.StockAsync(_away, _kettle, 10);
        await App.StockAsync(pausedToo, _kettle, 10);
        await PauseAsync(_home);
        await PauseAsync(pausedToo);
    }

    private Task PauseAsync(Store store) => App.WithDbAsync(async db =>
    {
        (await db.Stores.FindAsync(store.Id))!.PausePickup(true);
        await db.SaveChangesAsync();
    });

    private async Task<PageClient> ShopperAtHomeWithAKettleAsync()
    {
        var page = PageClient.For(App);
        PageClient.Location(await page.PostFormAsync($"/stores/{_home.Id}", $"/stores/{_home.Id}?handler=Choose", []));
        await page.GetAsync($"/products/{_kettle.Id}");
        PageClient.Location(await page.PostFormWithoutTokenAsync($"/products/{_kettle.Id}?handler=AddToCart",
            new() { ["quantity"] = "1" }, PageClient.SameOrigin));
        return page;
    }

    [Fact]
    public async Task TheProductPageAndTheCart_SayTheStoreIsPaused_AndSuggestOnlyStoresThatTakeOrdersAndHaveTheItems()
    {
        var page = await ShopperAtHomeWithAKettleAsync();

        var product = await page.GetAsync($"/products/{_kettle.Id}");
        product.ShouldContain("Store HOME1 is not taking pickup orders right now.");
        product.ShouldContain("Switch to Store AWAY1 (Paris): 10 in stock");
        product.ShouldNotContain("Switch to Store AWAY2");
        product.ShouldNotContain("Switch to Store EMPTY");

        var cart = await page.GetAsync("/cart");
        cart.ShouldContain("Store HOME1 is not taking pickup orders right now.");
        cart.ShouldContain("Switch to Store AWAY1 (Paris)");
        cart.ShouldNotContain("Switch to Store AWAY2");
        cart.ShouldNotContain("href=\"/checkout\"");
    }

    [Fact]
    public async Task Checkout_IsNotOfferedAtAPausedStore_UntilTheShopperSwitches()
    {
        var page = await ShopperAtHomeWithAKettleAsync();

        PageClient.Location(await page.Http.GetAsync("/checkout")).ShouldBe("/cart");

        PageClient.Location(await page.PostFormAsync("/cart", $"/stores/{_away.Id}?handler=Choose", new() { ["returnUrl"] = "/cart" })).ShouldBe("/cart");
        (await page.GetAsync("/cart")).ShouldContain("href=\"/checkout\"");
        (await page.GetAsync("/checkout")).ShouldContain("Place order and pay");
    }

    [Fact]
    public async Task AStorePausedWhileTheShopperIsAtCheckout_SendsThemBackToTheCart_WhichSaysWhy()
    {
        var page = await ShopperAtHomeWithAKettleAsync();
        PageClient.Location(await page.PostFormAsync("/cart", $"/stores/{_away.Id}?handler=Choose", new() { ["returnUrl"] = "/cart" }));
        var checkout = await page.GetAsync("/checkout");
        await PauseAsync(_away);

        // The form's token comes from the cart page: the checkout page itself now sends a paused store's cart away.
        var placed = await page.PostFormAsync("/cart", "/checkout", new()
        {
            ["Input.Name"] = "Ada Lovelace", ["Input.Email"] = "ada@example.test",
            ["Input.SlotStart"] = WebUtility.HtmlDecode(SlotRegex().Match(checkout).Groups[1].Value),
        });

        PageClient.Location(placed).ShouldBe("/cart");
        (await page.GetAsync("/cart")).ShouldContain("Store AWAY1 is not taking pickup orders right now.");
        (await App.StockOfAsync(_away, _kettle)).ShouldBe((10, 0));
    }

    [Fact]
    public async Task TheStoreList_SaysPickupPaused_NotOpenToday_OnThePageAndTheApi()
    {
        var list = await PageClient.For(App).GetAsync("/stores");
        var home = StoreItemRegex().Matches(list).Single(m => m.Value.Contains("Store HOME1")).Value;
        home.ShouldContain("Pickup paused");
        home.ShouldNotContain("Open today");

        var stores = (await App.CreateClient().GetJsonAsync("/api/v1/stores")).AsArray();
        stores.Single(s => s!["code"]!.GetValue<string>() == "HOME1")!["pickupPaused"]!.GetValue<bool>().ShouldBeTrue();
        stores.Single(s => s!["code"]!.GetValue<string>() == "AWAY1")!["pickupPaused"]!.GetValue<bool>().ShouldBeFalse();
        (await App.CreateClient().GetJsonAsync($"/api/v1/stores/{_home.Id}"))["pickup"]!["paused"]!.GetValue<bool>().ShouldBeTrue();
        var availability = (await App.CreateClient().GetJsonAsync($"/api/v1/products/{_kettle.Id}/availability")).AsArray();
        availability.Single(a => a!["storeId"]!.GetValue<string>() == _home.Id.ToString())!["pickupPaused"]!.GetValue<bool>().ShouldBeTrue();
    }

    [GeneratedRegex("name=\"Input.SlotStart\" id=\"[^\"]+\" value=\"([^\"]+)\"")]
    private static partial Regex SlotRegex();

    [GeneratedRegex("<li>.*?</li>", RegexOptions.Singleline)]
    private static partial Regex StoreItemRegex();
}

using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Storefront;

/// <summary>A signed-in shopper's cart and chosen store belong to the account, not to the device where they were made.</summary>
public sealed class CartFollowsTheShopperTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;
    private Product _mug = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("CART1");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        _mug = await App.ProductAsync("MUG", 890);
        await App.StockAsync(_store, _kettle, 10);
        await App.StockAsync(_store, _mug, 10);
        await App.UserAsync("sam@o2o.test", Roles.Shopper);
    }

    private static async Task AddAsync(PageClient page, Product product, int quantity) =>
        PageClient.Location(await page.PostFormWithoutTokenAsync($"/products/{product.Id}?handler=AddToCart",
            new() { ["quantity"] = quantity.ToString() }, PageClient.SameOrigin));

    private static async Task SignInAsync(PageClient page) =>
        PageClient.Location(await page.PostFormAsync("/Account/Login", "/Account/Login",
            new() { ["Input.Email"] = "sam@o2o.test", ["Input.Password"] = "Demo-pass-1" }));

    [Fact]
    public async Task ACartFilledBeforeSigningIn_IsThereOnAnotherDevice_WithItsStore()
    {
        var laptop = PageClient.For(App);
        PageClient.Location(await laptop.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        await AddAsync(laptop, _kettle, 2);
        await SignInAsync(laptop);

        var phone = PageClient.For(App);
        await SignInAsync(phone);
        var cart = await phone.GetAsync("/cart");

        cart.ShouldContain("Product KETTLE");
        cart.ShouldContain("Store CART1");
        cart.ShouldContain("€69.80");
    }

    [Fact]
    public async Task SigningInWithAVisitorsCart_AddsItToTheAccountsCart()
    {
        var laptop = PageClient.For(App);
        await SignInAsync(laptop);
        await AddAsync(laptop, _kettle, 1);
        var phone = PageClient.For(App);
        PageClient.Location(await phone.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        await AddAsync(phone, _kettle, 1);
        await AddAsync(phone, _mug, 1);

        await SignInAsync(phone);

        var onLaptop = await laptop.GetAsync("/cart");
        onLaptop.ShouldContain("Product MUG");
        onLaptop.ShouldContain("Store CART1");
        onLaptop.ShouldContain("€78.70"); // 2 × 34.90 + 8.90
        (await App.WithDbAsync(db => Task.FromResult(db.Carts.Count()))).ShouldBe(1);
    }

    [Fact]
    public async Task SigningOut_LeavesTheCartWithTheAccount()
    {
        var laptop = PageClient.For(App);
        await SignInAsync(laptop);
        await AddAsync(laptop, _kettle, 1);

        PageClient.Location(await laptop.PostFormAsync("/Account/Logout", "/Account/Logout", []));

        (await laptop.GetAsync("/cart")).ShouldContain("Your cart is empty");
    }
}

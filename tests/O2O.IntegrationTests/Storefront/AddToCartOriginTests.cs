using System.Net;
using O2O.Domain.Catalog;
using O2O.IntegrationTests.Infrastructure;
using O2O.Web.Infrastructure;

namespace O2O.IntegrationTests.Storefront;

/// <summary>
/// The product page's add-to-cart form has no antiforgery token (so the page can be cached); the origin headers
/// browsers send decide instead whether the post may go through (ADR 13).
/// </summary>
public sealed class AddToCartOriginTests(O2OApp app) : IntegrationTest(app)
{
    private Product _kettle = null!;

    private string AddToCart => $"/products/{_kettle.Id}?handler=AddToCart";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var store = await App.StoreAsync("HOME1");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(store, _kettle, 3);
    }

    private Task<int> CartCountAsync() => App.WithDbAsync(db => Task.FromResult(db.Carts.Count()));

    public static TheoryData<string, string> SameOriginPosts() => new()
    {
        { "Sec-Fetch-Site", "same-origin" },
        { "Origin", "http://localhost" }, // a browser from before Sec-Fetch-Site
        { "User-Agent", "curl/8.5" },      // neither header: not a browser, so no visitor's cookies ride along
    };

    [Theory]
    [MemberData(nameof(SameOriginPosts))]
    public async Task AddToCart_FromTheProductPageItself_FillsTheCart(string header, string value)
    {
        var page = PageClient.For(App);
        (await page.GetAsync($"/products/{_kettle.Id}")).ShouldNotContain("__RequestVerificationToken");

        var back = PageClient.Location(await page.PostFormWithoutTokenAsync(AddToCart, new() { ["quantity"] = "2" }, (header, value)));

        (await page.GetAsync(back)).ShouldContain("Added 2 to your cart.");
        (await page.GetAsync("/cart")).ShouldContain("Product KETTLE");
        (await CartCountAsync()).ShouldBe(1);
    }

    public static TheoryData<string, string, string?> CrossSitePosts() => new()
    {
        { "Sec-Fetch-Site", "cross-site", null },
        { "Sec-Fetch-Site", "same-site", null },                 // a sibling subdomain is another origin
        { "Sec-Fetch-Site", "cross-site", "http://localhost" },  // the browser's word wins over a matching Origin
        { "Origin", "https://evil.example", null },
        { "Origin", "null", null },                               // a sandboxed frame
        { "Origin", "http://localhost.evil.example", null },
    };

    [Theory]
    [MemberData(nameof(CrossSitePosts))]
    public async Task AddToCart_FromAnotherSite_IsRefused_AndCreatesNoCart(string header, string value, string? origin)
    {
        var page = PageClient.For(App);
        (string, string)[] headers = origin is null ? [(header, value)] : [(header, value), ("Origin", origin)];

        var response = await page.PostFormWithoutTokenAsync(AddToCart, new() { ["quantity"] = "1" }, headers);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldBe(SameOriginPostAttribute.RefusedMessage);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await CartCountAsync()).ShouldBe(0);
    }
}

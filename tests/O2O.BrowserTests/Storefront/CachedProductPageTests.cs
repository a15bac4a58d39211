using O2O.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Storefront;

/// <summary>A first-time visitor gets the product page from the output cache, and its token-less form still adds to the cart.</summary>
public sealed class CachedProductPageTests(BrowserApp fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AFirstTimeVisitor_AddsToTheCartFromTheCachedProductPage()
    {
        Journey = "cached-product-page";
        var url = $"/products/{(await ProductAsync("TLS-001")).Id}";
        await Page.GotoAsync(url);

        var cached = await Page.GotoAsync(url);

        (await cached!.HeaderValueAsync("age")).ShouldNotBeNull("the second visit should come from the output cache");
        (await cached.HeaderValueAsync("set-cookie")).ShouldBeNull();
        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Cordless drill 18 V", Level = 1 })).ToBeVisibleAsync();
        await AddToCartAsync(2);
        await Expect(Page.Locator("a.cart-link .badge")).ToHaveTextAsync("2");
    }
}

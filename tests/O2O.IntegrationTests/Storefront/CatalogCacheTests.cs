using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Storefront;

/// <summary>
/// The catalog pages come from the output cache for visitors with nothing of their own on the page, for a few seconds
/// or until the back office changes the catalog (ADR 13).
/// </summary>
public sealed class CatalogCacheTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;

    private string KettlePage => $"/products/{_kettle.Id}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("HOME1");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 3);
    }

    /// <summary>A first-time visitor: no cookies sent, and the raw Set-Cookie headers visible.</summary>
    private HttpClient Anonymous() => App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    private async Task<string> AnonymousHtmlAsync(string url)
    {
        var response = await Anonymous().GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return html;
    }

    private Task RenameInDatabaseAsync(string name) =>
        App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE products SET name = {name} WHERE id = {_kettle.Id}"));

    private Task SetOnHandInDatabaseAsync(int onHand) =>
        App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE store_stock SET on_hand = {onHand} WHERE product_id = {_kettle.Id}"));

    [Fact]
    public async Task AnAnonymousProductPage_IsServedFromTheCache_SoADirectDatabaseChangeWaitsForTheTtl()
    {
        (await AnonymousHtmlAsync(KettlePage)).ShouldContain("3 in stock");
        await RenameInDatabaseAsync("Kettle renamed behind the back of the app");
        await SetOnHandInDatabaseAsync(1);

        var again = await Anonymous().GetAsync(KettlePage);

        again.Headers.Age.ShouldNotBeNull("a response served from the output cache says its age");
        var html = await again.Content.ReadAsStringAsync();
        html.ShouldContain("Product KETTLE");
        html.ShouldContain("3 in stock");
    }

    public static TheoryData<string> PerVisitorCookies() => new()
    {
        $"o2o-cart={Guid.NewGuid()}",
        ".AspNetCore.Identity.Application=expired-or-forged",
        ".AspNetCore.Mvc.CookieTempDataProvider=left-over",
    };

    [Theory]
    [MemberData(nameof(PerVisitorCookies))]
    public async Task AVisitorWithAPerVisitorCookie_GetsAFreshPage(string cookie)
    {
        (await AnonymousHtmlAsync(KettlePage)).ShouldContain("Product KETTLE");
        await RenameInDatabaseAsync("Kettle 2000");
        using var request = new HttpRequestMessage(HttpMethod.Get, KettlePage) { Headers = { { "Cookie", cookie } } };

        var response = await Anonymous().SendAsync(request);

        response.Headers.Age.ShouldBeNull();
        (await response.Content.ReadAsStringAsync()).ShouldContain("Kettle 2000");
    }

    [Fact]
    public async Task TheAnonymousProductList_IsServedFromTheCache()
    {
        (await AnonymousHtmlAsync("/products?search=kettle")).ShouldContain("Product KETTLE");
        await RenameInDatabaseAsync("Kettle renamed behind the back of the app");

        (await AnonymousHtmlAsync("/products?search=kettle")).ShouldContain("Product KETTLE");
        (await AnonymousHtmlAsync("/products?search=KETTLE")).ShouldContain("Kettle renamed behind the back of the app");
    }

    [Fact]
    public async Task AVisitorWithACart_GetsAFreshPage_AndSeesADatabaseChangeAtOnce()
    {
        var shopper = PageClient.For(App);
        PageClient.Location(await shopper.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        (await AnonymousHtmlAsync(KettlePage)).ShouldContain("3 in stock");
        await SetOnHandInDatabaseAsync(1);

        var html = await shopper.GetAsync(KettlePage);

        html.ShouldContain("1 in stock");
        html.ShouldContain("(my store)");
        html.ShouldContain("My store: Store HOME1");
        (await AnonymousHtmlAsync(KettlePage)).ShouldNotContain("My store: Store HOME1");
    }

    [Fact]
    public async Task ASignedInVisitor_GetsTheirOwnPage_NotTheCachedOne_AndCanSignOutFromIt()
    {
        await App.UserAsync("sam@o2o.test", Roles.Shopper);
        var cached = await AnonymousHtmlAsync(KettlePage);
        cached.ShouldContain("Sign in");
        var sam = await PageClient.SignedInAsync(App, "sam@o2o.test");
        await RenameInDatabaseAsync("Kettle renamed behind the back of the app");

        var html = await sam.GetAsync(KettlePage);

        html.ShouldContain("Kettle renamed behind the back of the app");
        html.ShouldContain("Sign out sam@o2o.test");
        html.ShouldContain("__RequestVerificationToken");
        (await AnonymousHtmlAsync(KettlePage)).ShouldNotContain("sam@o2o.test");
        PageClient.Location(await sam.PostFormAsync(KettlePage, "/Account/Logout", [])).ShouldBe("/");
        (await sam.Http.GetAsync("/account/orders")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task TheCachedPage_CarriesNoAntiforgeryToken_SetsNoCookie_AndKeepsTheSecurityHeaders()
    {
        await Anonymous().GetAsync(KettlePage);

        var response = await Anonymous().GetAsync(KettlePage);

        response.Headers.Age.ShouldNotBeNull("the second response should come from the cache");
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Add to cart");
        html.ShouldNotContain("__RequestVerificationToken");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'self'");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
    }

    [Fact]
    public async Task EachQueryString_HasItsOwnCachedPage()
    {
        (await AnonymousHtmlAsync($"{KettlePage}?search=call+0800+scam")).ShouldContain("value=\"call 0800 scam\"");
        (await AnonymousHtmlAsync($"{KettlePage}?lat=48.86&lon=2.34")).ShouldContain(" km");

        var plain = await AnonymousHtmlAsync(KettlePage);

        plain.ShouldNotContain("0800");
        plain.ShouldNotContain(" km");
    }

    [Fact]
    public async Task AnAdminProductEditThroughTheApi_EvictsTheCachedCatalogPages()
    {
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("boss@o2o.test");
        (await AnonymousHtmlAsync(KettlePage)).ShouldContain("Product KETTLE");
        (await AnonymousHtmlAsync("/products?search=kettle")).ShouldContain("Product KETTLE");

        var edited = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/products/{_kettle.Id}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                sku = "KETTLE", name = "Kettle 2000", description = "", category = "Test", priceAmount = 2990, currency = "EUR",
            }),
        });

        edited.StatusCode.ShouldBe(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        var page = await AnonymousHtmlAsync(KettlePage);
        page.ShouldContain("Kettle 2000");
        page.ShouldContain("€29.90");
        (await AnonymousHtmlAsync("/products?search=kettle")).ShouldContain("Kettle 2000");
    }

    [Fact]
    public async Task AStockLevelSetInTheBackOffice_EvictsTheCachedProductPage()
    {
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");
        (await AnonymousHtmlAsync(KettlePage)).ShouldContain("3 in stock");

        var set = await admin.PostFormAsync($"/admin/stock?storeId={_store.Id}", $"/admin/stock?handler=Set&storeId={_store.Id}",
            new() { ["productId"] = _kettle.Id.ToString(), ["onHand"] = "7" });

        set.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect);
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((7, 0));
        (await AnonymousHtmlAsync(KettlePage)).ShouldContain("7 in stock");
    }

    [Fact]
    public async Task TheCachedPage_ExpiresAfterTheConfiguredDuration()
    {
        await using var instance = App.WithWebHostBuilder(b => b.UseSetting("Storefront:CatalogCache:Duration", "00:00:00.5"));
        var client = instance.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        (await client.GetStringAsync(KettlePage)).ShouldContain("Product KETTLE");
        await RenameInDatabaseAsync("Kettle renamed behind the back of the app");

        // The output cache keeps its own time (not the app's TimeProvider), so this test waits out a short TTL.
        await Task.Delay(TimeSpan.FromSeconds(1));

        (await client.GetStringAsync(KettlePage)).ShouldContain("Kettle renamed behind the back of the app");
    }
}

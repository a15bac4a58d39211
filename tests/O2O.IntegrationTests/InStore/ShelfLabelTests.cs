using System.Net;
using Microsoft.EntityFrameworkCore;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.InStore;

/// <summary>
/// Shelf labels: the back office prints a QR label per product for a store, and the label's short link opens the
/// product at that store, where adding it makes the cart that store's.
/// </summary>
public sealed class ShelfLabelTests(O2OApp app) : IntegrationTest(app)
{
    private Store _paris = null!;
    private Store _lisbon = null!;
    private Product _lamp = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _paris = await App.StoreAsync("PAR07");
        _lisbon = await App.StoreAsync("LIS07");
        _lamp = await App.ProductAsync("LAMP-1", 2500);
        await App.StockAsync(_paris, _lamp, 4);
        await App.StockAsync(_lisbon, _lamp, 9);
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        await App.UserAsync("desk@o2o.test", Roles.Staff, _paris);
    }

    [Theory]
    [InlineData("/s/PAR07/p/LAMP-1")]
    [InlineData("/s/par07/p/lamp-1")]
    public async Task A_labels_short_link_opens_the_product_at_that_store(string link)
    {
        var client = PageClient.For(App);
        var response = await client.Http.GetAsync(link);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe($"/products/{_lamp.Id}?at=PAR07");
        var html = await client.GetAsync(response.Headers.Location.OriginalString);
        html.ShouldContain($"/stores/{_paris.Id}\">{_paris.Name}</a>");
        html.ShouldContain("name=\"At\" value=\"PAR07\"");
    }

    [Theory]
    [InlineData("/s/NOPE/p/LAMP-1")]
    [InlineData("/s/PAR07/p/NOPE")]
    public async Task A_link_to_a_store_or_product_that_does_not_exist_is_a_friendly_404(string link)
    {
        var response = await PageClient.For(App).Http.GetAsync(link);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("<html");
    }

    [Fact]
    public async Task An_archived_product_has_no_label_link()
    {
        await App.WithDbAsync(async db => { (await db.Products.SingleAsync(p => p.Id == _lamp.Id)).Archive(); await db.SaveChangesAsync(); });
        (await PageClient.For(App).Http.GetAsync("/s/PAR07/p/LAMP-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Adding_from_a_label_makes_the_cart_that_stores_even_when_the_shopper_had_chosen_another()
    {
        var client = PageClient.For(App);
        (await client.PostFormAsync($"/stores/{_lisbon.Id}", $"/stores/{_lisbon.Id}?handler=Choose", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // Opening the label changes nothing by itself.
        await client.GetAsync($"/products/{_lamp.Id}?at=PAR07");
        (await App.WithDbAsync(db => db.Carts.Select(c => c.StoreId).SingleAsync())).ShouldBe(_lisbon.Id);

        var added = await client.PostFormWithoutTokenAsync($"/products/{_lamp.Id}?handler=AddToCart",
            new() { ["quantity"] = "2", ["At"] = "PAR07" }, PageClient.SameOrigin);

        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        added.Headers.Location!.OriginalString.ShouldContain("at=PAR07");
        (await App.WithDbAsync(db => db.Carts.Select(c => c.StoreId).SingleAsync())).ShouldBe(_paris.Id);
    }

    [Fact]
    public async Task The_back_office_prints_a_label_per_product_with_its_price_and_the_stores_short_link()
    {
        await App.ProductAsync("BULB-2", 990);
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");

        var html = await admin.GetAsync($"/admin/stores/{_paris.Id}/labels?culture=fr");

        html.ShouldContain("Étiquettes de rayon");
        html.ShouldContain("data-sku=\"LAMP-1\"");
        html.ShouldContain("data-sku=\"BULB-2\"");
        html.ShouldContain("25,00");
        html.ShouldContain("http://localhost/s/PAR07/p/LAMP-1");
        html.Split("data:image/png;base64,").Length.ShouldBe(3);
    }

    [Fact]
    public async Task Labels_are_for_the_back_office_only()
    {
        var denied = await (await PageClient.SignedInAsync(App, "desk@o2o.test")).Http.GetAsync($"/admin/stores/{_paris.Id}/labels");
        denied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        denied.Headers.Location!.OriginalString.ShouldContain("AccessDenied");
        (await (await PageClient.SignedInAsync(App, "boss@o2o.test")).Http.GetAsync($"/admin/stores/{Guid.NewGuid()}/labels")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

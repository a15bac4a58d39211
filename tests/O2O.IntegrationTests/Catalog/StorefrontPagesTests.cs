using System.Net;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Catalog;

/// <summary>The storefront pages render from the same use cases as the API.</summary>
public sealed class StorefrontPagesTests(O2OApp app) : IntegrationTest(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SeedDemoDataAsync();
    }

    private async Task<string> GetPageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await App.CreateClient().GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, html);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        return html;
    }

    [Fact]
    public async Task HomePage_ShowsTheCategories()
    {
        var html = await GetPageAsync("/");

        foreach (var category in new[] { "Kitchen", "Garden", "Tools", "Electronics", "Toys", "Sport" })
            html.ShouldContain($"/products?category={category}");
    }

    [Fact]
    public async Task ProductList_WithSearch_ShowsMatchesOnly()
    {
        var html = await GetPageAsync("/products?search=drill");

        html.ShouldContain("Cordless drill 18 V");
        html.ShouldNotContain("Electric kettle");
        html.ShouldContain("1 product found");
    }

    [Fact]
    public async Task ProductList_PagesWithTheNextLink()
    {
        var page2 = await GetPageAsync("/products?p=2");

        page2.ShouldContain("Page 2 of 3");
    }

    [Fact]
    public async Task ProductList_WithAHugeSearch_ShowsTheErrorBesideTheField()
    {
        var html = await GetPageAsync($"/products?search={new string('x', 10_000)}");

        html.ShouldContain("field-validation-error");
        html.ShouldContain("200 characters");
    }

    [Fact]
    public async Task ProductPage_ShowsAvailabilityPerStore()
    {
        var id = await App.WithDbAsync(db => Task.FromResult(db.Products.Single(p => p.Sku == "KIT-010").Id));

        var html = await GetPageAsync($"/products/{id}?lat=48.8611&lon=2.3364");

        html.ShouldContain("Electric kettle 1.7 l");
        html.ShouldContain("Paris Rivoli");
        html.ShouldContain("Espoo Tapiola");
        html.ShouldContain(" km");
    }

    [Fact]
    public async Task ProductPage_NearACity_PutsThatCitysStoresFirst_AndSaysWhenThereIsNone()
    {
        var id = await App.WithDbAsync(db => Task.FromResult(db.Products.Single(p => p.Sku == "KIT-010").Id));

        var html = await GetPageAsync($"/products/{id}?near=lisboa");

        var rows = System.Text.RegularExpressions.Regex.Matches(html, "<td><a href=\"/stores/[^\"]+\">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();
        rows.Take(4).ShouldAllBe(name => name.StartsWith("Lisboa"));
        (await GetPageAsync($"/products/{id}?near=Atlantis")).ShouldContain("We have no store in a city called “Atlantis”.");
    }

    [Fact]
    public async Task ProductPage_ForAnUnknownProduct_Is404Page()
    {
        var html = await GetPageAsync($"/products/{Guid.NewGuid()}", HttpStatusCode.NotFound);

        html.ShouldContain("Page not found");
    }

    [Fact]
    public async Task StoreList_And_StorePage_Render()
    {
        var list = await GetPageAsync("/stores?city=lis");
        list.ShouldContain("Lisboa Baixa");
        list.ShouldNotContain("Paris Rivoli");

        var id = await App.WithDbAsync(db => Task.FromResult(db.Stores.Single(s => s.Code == "PAR02").Id));
        var page = await GetPageAsync($"/stores/{id}");
        page.ShouldContain("Paris Bastille");
        page.ShouldContain("Inventory day");
        // Hours read in the reader's culture: "9:00 AM–8:00 PM" in English (the space is ICU's narrow one).
        var en = System.Globalization.CultureInfo.GetCultureInfo("en");
        System.Net.WebUtility.HtmlDecode(page).ShouldContain($"{new TimeOnly(9, 0).ToString("t", en)}–{new TimeOnly(20, 0).ToString("t", en)}");
    }

    [Fact]
    public async Task Pages_SendSecurityHeaders()
    {
        var response = await App.CreateClient().GetAsync("/");

        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Catalog;

/// <summary>What a shopper meets right after the back office adds a product in a new category, before any store stocks it.</summary>
public sealed partial class NewProductTests(O2OApp app) : IntegrationTest(app)
{
    private async Task<string> CreateProductAsync(string category)
    {
        await App.StoreAsync("PAR01");
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("boss@o2o.test");
        var created = await admin.PostJsonAsync("/api/v1/admin/products",
            new { sku = "NEW-01", name = "Brand new thing", description = "", category, priceAmount = 990, currency = "EUR" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.JsonAsync())["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task AProductNoStoreStocksYet_ShowsEveryStoreAsOutOfStock_OnTheApiAndThePage()
    {
        var id = await CreateProductAsync("Kitchen");

        var rows = (await App.CreateClient().GetJsonAsync($"/api/v1/products/{id}/availability")).AsArray();
        rows.Count.ShouldBe(1);
        rows[0]!["available"]!.GetValue<int>().ShouldBe(0);
        (await PageClient.For(App).GetAsync($"/products/{id}")).ShouldContain("Out of stock");
    }

    [Fact]
    public async Task ANewCategory_GetsTheGenericPicture_NotABrokenImage()
    {
        await CreateProductAsync("Home & Garden");

        var home = await PageClient.For(App).GetAsync("/");
        var src = WebUtility.HtmlDecode(CategoryImageRegex().Match(home).Groups[1].Value);
        src.ShouldBe("/img/categories/home-garden.svg");
        var image = await App.CreateClient().GetAsync(src);
        image.StatusCode.ShouldBe(HttpStatusCode.OK);
        image.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        (await image.Content.ReadAsStringAsync()).ShouldContain("<svg");
        // A category that has its own picture still gets it.
        (await App.CreateClient().GetStringAsync("/img/categories/kitchen.svg"))
            .ShouldBe(await File.ReadAllTextAsync(Path.Combine(WebRoot, "img", "categories", "kitchen.svg")));
    }

    private string WebRoot => App.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>().WebRootPath;

    [GeneratedRegex("<ul class=\"categories\">.*?<img src=\"([^\"]+)\"", RegexOptions.Singleline)]
    private static partial Regex CategoryImageRegex();
}

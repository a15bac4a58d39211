using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Localization;

/// <summary>
/// Product and category names in the shopper's language where the admin entered them, the catalog's own otherwise;
/// search finds a product by its name in the shopper's language.
/// </summary>
public sealed class CatalogLanguageTests(O2OApp app) : IntegrationTest(app)
{
    private static async Task<JsonNode> GetAsync(HttpClient client, string url, string? language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    private static async Task<string> PageAsync(HttpClient client, string url, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static List<string> Names(JsonNode page) => page["items"]!.AsArray().Select(i => (string)i!["name"]!).ToList();

    [Fact]
    public async Task The_demo_catalog_reads_in_French_Portuguese_and_Finnish_and_falls_back_to_English()
    {
        await App.SeedDemoDataAsync();
        var client = App.CreateClient();

        Names(await GetAsync(client, "/api/v1/products?search=KIT-010", "fr")).ShouldBe(["Bouilloire électrique 1,7 l"]);
        Names(await GetAsync(client, "/api/v1/products?search=KIT-010", "pt-PT")).ShouldBe(["Chaleira elétrica 1,7 l"]);
        Names(await GetAsync(client, "/api/v1/products?search=KIT-010", "fi")).ShouldBe(["Vedenkeitin 1,7 l"]);
        // No German product names in the demo: the catalog's own, with the category in German.
        var german = (await GetAsync(client, "/api/v1/products?search=KIT-010", "de"))["items"]![0]!;
        ((string)german["name"]!).ShouldBe("Electric kettle 1.7 l");
        ((string)german["category"]!).ShouldBe("Kitchen");
        ((string)german["categoryName"]!).ShouldBe("Küche");

        var id = (string)german["id"]!;
        var finnish = await GetAsync(client, $"/api/v1/products/{id}", "fi");
        ((string)finnish["description"]!).ShouldBe("Kiehauttaa alle kolmessa minuutissa, automaattinen virrankatkaisu.");
    }

    [Fact]
    public async Task A_shopper_finds_a_product_by_its_name_in_their_language()
    {
        await App.SeedDemoDataAsync();
        var client = App.CreateClient();

        Names(await GetAsync(client, "/api/v1/products?search=bouilloire", "fr")).ShouldBe(["Bouilloire électrique 1,7 l"]);
        Names(await GetAsync(client, "/api/v1/products?search=bouilloire", "en")).ShouldBeEmpty();
        // The name on the box still finds it.
        Names(await GetAsync(client, "/api/v1/products?search=kettle", "fr")).ShouldBe(["Bouilloire électrique 1,7 l"]);
        // A category's name in the shopper's language finds its products.
        ((int)(await GetAsync(client, "/api/v1/products?search=puutarha", "fi"))["totalCount"]!).ShouldBe(11);
    }

    [Fact]
    public async Task The_product_list_is_sorted_by_the_name_the_shopper_reads()
    {
        await App.SeedDemoDataAsync();
        var names = Names(await GetAsync(App.CreateClient(), "/api/v1/products?category=Kitchen&pageSize=100", "fr"));
        names.ShouldBe(names.Order(StringComparer.Ordinal).ToList());
        names.ShouldContain("Poêle en fonte 26 cm");
    }

    [Fact]
    public async Task An_admin_translates_a_product_and_the_storefront_shows_it_at_once()
    {
        var product = await App.ProductAsync("LAMP", 2500);
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("boss@o2o.test");
        var page = App.CreateClient();
        (await PageAsync(page, $"/products/{product.Id}", "ar")).ShouldContain(product.Name);

        var response = await admin.PutAsJsonAsync($"/api/v1/admin/products/{product.Id}/translations/ar", new { name = "مصباح مكتب", description = "ضوء دافئ" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);

        var html = await PageAsync(page, $"/products/{product.Id}", "ar");
        html.ShouldContain("مصباح مكتب");
        html.ShouldContain("ضوء دافئ");
        (await PageAsync(page, $"/products/{product.Id}", "en")).ShouldNotContain("مصباح مكتب");
        var translations = await admin.GetJsonAsync($"/api/v1/admin/products/{product.Id}/translations");
        translations["translations"]!.AsArray().Select(t => (string)t!["culture"]!).ShouldBe(["ar"]);

        (await admin.DeleteAsync($"/api/v1/admin/products/{product.Id}/translations/ar")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await PageAsync(page, $"/products/{product.Id}", "ar")).ShouldNotContain("مصباح مكتب");
        (await admin.DeleteAsync($"/api/v1/admin/products/{product.Id}/translations/ar")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.WithDbAsync(db => Task.FromResult(db.AuditEntries.Count(a => a.Action.StartsWith("product.")))))
            .ShouldBe(2);
    }

    [Theory]
    [InlineData("en", "culture")]
    [InlineData("xx", "culture")]
    [InlineData("fr", "name")]
    public async Task A_translation_in_a_language_the_shop_does_not_use_or_without_a_name_is_refused(string culture, string field)
    {
        var product = await App.ProductAsync("LAMP", 2500);
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("boss@o2o.test");

        var response = await admin.PutAsJsonAsync($"/api/v1/admin/products/{product.Id}/translations/{culture}", new { name = field == "name" ? "" : "Lampe" });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull();
        (await App.WithDbAsync(db => Task.FromResult(db.ProductTranslations.Count()))).ShouldBe(0);
    }

    [Fact]
    public async Task Translating_a_product_that_does_not_exist_is_404_and_a_shopper_may_not_translate()
    {
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        await App.UserAsync("sam@o2o.test", Roles.Shopper);
        var admin = await App.ClientForAsync("boss@o2o.test");
        (await admin.PutAsJsonAsync($"/api/v1/admin/products/{Guid.NewGuid()}/translations/fr", new { name = "Lampe" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var product = await App.ProductAsync("LAMP", 2500);
        (await (await App.ClientForAsync("sam@o2o.test")).PutAsJsonAsync($"/api/v1/admin/products/{product.Id}/translations/fr", new { name = "Lampe" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.CreateClient().PutAsJsonAsync($"/api/v1/admin/products/{product.Id}/translations/fr", new { name = "Lampe" }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Two_admins_adding_the_same_language_at_once_leave_one_translation_and_no_error_page()
    {
        var product = await App.ProductAsync("LAMP", 2500);
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admins = new[] { await App.ClientForAsync("boss@o2o.test"), await App.ClientForAsync("boss@o2o.test") };

        for (var round = 0; round < 5; round++)
        {
            var culture = new[] { "fr", "de", "pt", "fi", "ru" }[round];
            var answers = await Task.WhenAll(admins.Select((a, i) =>
                a.PutAsJsonAsync($"/api/v1/admin/products/{product.Id}/translations/{culture}", new { name = $"Lampe {i}" })));
            answers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict);
            answers.ShouldContain(a => a.StatusCode == HttpStatusCode.OK);
        }
        (await App.WithDbAsync(db => Task.FromResult(db.ProductTranslations.Count(t => t.ProductId == product.Id)))).ShouldBe(5);
    }

    [Fact]
    public async Task An_admin_names_a_category_in_a_language_and_its_key_does_not_change()
    {
        await App.ProductAsync("LAMP", 2500); // category "Test"
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("boss@o2o.test");

        (await admin.PutAsJsonAsync("/api/v1/admin/categories/Test/translations/ru", new { name = "Проверка" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var categories = await GetAsync(App.CreateClient(), "/api/v1/categories", "ru");
        var test = categories.AsArray().Single(c => (string)c!["name"]! == "Test")!;
        ((string)test["displayName"]!).ShouldBe("Проверка");
        (await GetAsync(App.CreateClient(), "/api/v1/categories", "en")).AsArray().Single(c => (string)c!["name"]! == "Test")!["displayName"]!
            .GetValue<string>().ShouldBe("Test");

        (await admin.PutAsJsonAsync("/api/v1/admin/categories/Nothing/translations/ru", new { name = "Ничего" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.DeleteAsync("/api/v1/admin/categories/Test/translations/ru")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.WithDbAsync(db => Task.FromResult(db.CategoryTranslations.Count()))).ShouldBe(0);
    }

    [Fact]
    public async Task A_renamed_category_keeps_its_names_in_other_languages()
    {
        await App.ProductAsync("LAMP", 2500); // category "Test"
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("boss@o2o.test");
        (await admin.PutAsJsonAsync("/api/v1/admin/categories/Test/translations/fr", new { name = "Essai" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.PostAsJsonAsync("/api/v1/admin/categories/rename", new { from = "Test", to = "Lighting" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var categories = await GetAsync(App.CreateClient(), "/api/v1/categories", "fr");
        ((string)categories.AsArray().Single()!["displayName"]!).ShouldBe("Essai");
        (await App.WithDbAsync(db => db.CategoryTranslations.Select(c => c.Category).ToListAsync())).ShouldBe(["Lighting"]);
    }

    [Fact]
    public async Task The_demo_catalog_names_every_product_in_French_Portuguese_and_Finnish_and_every_category_in_every_language()
    {
        await App.SeedDemoDataAsync();
        var (products, perLanguage, categories) = await App.WithDbAsync(async db => (
            await db.Products.CountAsync(),
            await db.ProductTranslations.GroupBy(t => t.Culture).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count),
            await db.CategoryTranslations.CountAsync()));
        perLanguage.Keys.Order().ShouldBe(["fi", "fr", "pt"]);
        perLanguage.Values.ShouldAllBe(n => n == products);
        categories.ShouldBe(6 * 7);
    }
}

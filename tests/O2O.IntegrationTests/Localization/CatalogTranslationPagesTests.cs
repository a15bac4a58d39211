using System.Net;
using Microsoft.EntityFrameworkCore;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Localization;

/// <summary>The back office's pages for a product's and a category's names in other languages.</summary>
public sealed class CatalogTranslationPagesTests(O2OApp app) : IntegrationTest(app)
{
    private Product _lamp = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _lamp = await App.ProductAsync("LAMP", 2500);
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        await App.UserAsync("desk@o2o.test", Roles.Staff, await App.StoreAsync("PAR99"));
    }

    [Fact]
    public async Task An_admin_names_a_product_in_Finnish_from_the_page()
    {
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");
        var url = $"/admin/products/{_lamp.Id}/translations";
        var html = await admin.GetAsync(url);
        html.ShouldContain("lang=\"fi\"");
        html.ShouldContain("Suomi");

        var response = await admin.PostFormAsync(url, url + "?handler=Save", new() { ["culture"] = "fi", ["name"] = "Pöytävalaisin", ["description"] = "Lämmin valo" });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetAsync(url)).ShouldContain("value=\"Pöytävalaisin\"");
        (await App.WithDbAsync(db => db.ProductTranslations.SingleAsync())).Name.ShouldBe("Pöytävalaisin");

        response = await admin.PostFormAsync(url, url + "?handler=Remove", new() { ["culture"] = "fi" });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.WithDbAsync(db => db.ProductTranslations.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_translation_without_a_name_is_shown_again_with_the_message_beside_the_field_in_the_admins_language()
    {
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");
        var url = $"/admin/products/{_lamp.Id}/translations?culture=fr";
        var response = await admin.PostFormAsync(url, $"/admin/products/{_lamp.Id}/translations?handler=Save&culture=fr",
            new() { ["culture"] = "de", ["name"] = "", ["description"] = "Warmes Licht" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Saisissez le nom dans cette langue.");
        html.ShouldContain("Warmes Licht");
        (await App.WithDbAsync(db => db.ProductTranslations.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task An_admin_names_a_category_in_several_languages_at_once_and_clears_one()
    {
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");
        var response = await admin.PostFormAsync("/admin/categories", "/admin/categories",
            new() { ["category"] = "Test", ["names[fr]"] = "Essai", ["names[ar]"] = "تجربة" });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.WithDbAsync(db => db.CategoryTranslations.CountAsync())).ShouldBe(2);

        await admin.PostFormAsync("/admin/categories", "/admin/categories", new() { ["category"] = "Test", ["names[fr]"] = "Essai", ["names[ar]"] = "" });
        (await App.WithDbAsync(db => db.CategoryTranslations.Select(c => c.Culture).ToListAsync())).ShouldBe(["fr"]);
        (await admin.GetAsync("/admin/categories")).ShouldContain("value=\"Essai\"");
    }

    [Theory]
    [InlineData("/admin/categories")]
    [InlineData("/admin/products/{product}/translations")]
    public async Task The_pages_are_for_admins_only(string template)
    {
        var url = template.Replace("{product}", _lamp.Id.ToString());
        var denied = await (await PageClient.SignedInAsync(App, "desk@o2o.test")).Http.GetAsync(url);
        denied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        denied.Headers.Location!.OriginalString.ShouldContain("AccessDenied");
        (await PageClient.For(App).Http.GetAsync($"/admin/products/{Guid.NewGuid()}/translations")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await (await PageClient.SignedInAsync(App, "boss@o2o.test")).Http.GetAsync($"/admin/products/{Guid.NewGuid()}/translations")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

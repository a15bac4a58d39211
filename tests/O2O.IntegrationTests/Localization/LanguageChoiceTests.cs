using System.Net;
using System.Net.Http.Headers;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Localization;

/// <summary>
/// Which language a page speaks: ?culture=, then the cookie the switcher sets, then the account's saved language, then
/// Accept-Language, then English; and the switcher keeps the visitor on their page.
/// </summary>
public sealed class LanguageChoiceTests(O2OApp app) : IntegrationTest(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SeedDemoDataAsync(withAccounts: true);
    }

    private static async Task<string> GetAsync(PageClient client, string url, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        var response = await client.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task ChooseAsync(PageClient client, string culture, string returnUrl)
    {
        var response = await client.PostFormWithoutTokenAsync("/culture", new() { ["culture"] = culture, ["returnUrl"] = returnUrl }, PageClient.SameOrigin);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe(returnUrl);
    }

    [Fact]
    public async Task Without_a_choice_a_page_is_in_English_left_to_right()
    {
        var html = await GetAsync(PageClient.For(App), "/");
        html.ShouldContain("<html lang=\"en\" dir=\"ltr\">");
        html.ShouldContain("Choose a store");
    }

    [Fact]
    public async Task A_browser_asking_for_Arabic_gets_Arabic_right_to_left()
    {
        var html = await GetAsync(PageClient.For(App), "/", "ar-AE,ar;q=0.9,en;q=0.5");
        html.ShouldContain("<html lang=\"ar\" dir=\"rtl\">");
        html.ShouldContain("اختر متجرًا");
        html.ShouldNotContain("Choose a store");
    }

    [Fact]
    public async Task A_language_O2O_does_not_speak_falls_to_the_next_the_browser_asks_for()
    {
        var html = await GetAsync(PageClient.For(App), "/", "ja-JP,ja;q=0.9,fr;q=0.8");
        html.ShouldContain("<html lang=\"fr\" dir=\"ltr\">");
    }

    [Fact]
    public async Task The_query_beats_the_cookie_and_the_cookie_beats_the_browser()
    {
        var client = PageClient.For(App);
        await ChooseAsync(client, "de", "/products?search=drill");

        (await GetAsync(client, "/", "fr")).ShouldContain("<html lang=\"de\"");
        (await GetAsync(client, "/?culture=ru", "fr")).ShouldContain("<html lang=\"ru\"");
    }

    [Fact]
    public async Task A_signed_in_shoppers_choice_follows_them_to_another_device()
    {
        var phone = await PageClient.SignedInAsync(App, "shopper@o2o.test");
        await ChooseAsync(phone, "pt", "/account/orders");

        var laptop = await PageClient.SignedInAsync(App, "shopper@o2o.test");
        var html = await GetAsync(laptop, "/", "en-GB");
        html.ShouldContain("<html lang=\"pt\"");
        html.ShouldContain("As minhas encomendas");
    }

    [Fact]
    public async Task The_switcher_returns_only_to_a_page_of_this_site_and_ignores_an_unknown_language()
    {
        var client = PageClient.For(App);
        var response = await client.PostFormWithoutTokenAsync("/culture", new() { ["culture"] = "fr", ["returnUrl"] = "https://evil.example/" }, PageClient.SameOrigin);
        response.Headers.Location!.OriginalString.ShouldBe("/");

        response = await client.PostFormWithoutTokenAsync("/culture", new() { ["culture"] = "xx", ["returnUrl"] = "/products" }, PageClient.SameOrigin);
        response.Headers.Location!.OriginalString.ShouldBe("/products");
        (await GetAsync(client, "/")).ShouldContain("<html lang=\"fr\"");
    }

    [Fact]
    public async Task A_choice_posted_from_another_site_is_refused()
    {
        var client = PageClient.For(App);
        var response = await client.PostFormWithoutTokenAsync("/culture", new() { ["culture"] = "fr", ["returnUrl"] = "/" }, ("Sec-Fetch-Site", "cross-site"));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(client, "/")).ShouldContain("<html lang=\"en\"");
    }

    [Fact]
    public async Task The_switcher_on_a_page_opened_with_a_culture_returns_without_it()
    {
        var html = await GetAsync(PageClient.For(App), "/products?culture=fi&search=drill");
        html.ShouldContain("name=\"returnUrl\" value=\"/products?search=drill\"");
    }

    [Fact]
    public async Task The_cached_catalog_page_is_rendered_once_per_language()
    {
        var english = await GetAsync(PageClient.For(App), "/products", "en");
        var french = await GetAsync(PageClient.For(App), "/products", "fr");
        english.ShouldContain("<html lang=\"en\"");
        french.ShouldContain("<html lang=\"fr\"");
    }

    [Fact]
    public async Task A_problem_answer_says_which_language_it_is_in()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products/00000000-0000-0000-0000-000000000001");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("fr"));
        var response = await App.CreateClient().SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentLanguage.ShouldContain("fr");
    }
}

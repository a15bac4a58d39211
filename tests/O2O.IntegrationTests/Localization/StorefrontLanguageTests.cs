using System.Collections;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Localization;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;
using Texts = O2O.Web.Localization.Storefront;

namespace O2O.IntegrationTests.Localization;

/// <summary>
/// The shopping pages (home, product list and page, cart, checkout) in French and Arabic: their own texts, counted texts
/// in the language's plural forms, no English sentence left over; and the checkout's day picker over the store's whole
/// booking horizon, its slot times in the store's zone with the offset shown.
/// </summary>
public sealed partial class StorefrontLanguageTests(O2OApp app) : IntegrationTest(app)
{
    // Wednesday 10 June 2026, 11:00 in Helsinki (UTC+3).
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Now);
        _store = await App.StoreAsync("HEL1", timeZone: "Europe/Helsinki");
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE stores SET booking_horizon_days = 14 WHERE id = {_store.Id}"));
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 5);
        foreach (var sku in new[] { "MUG", "TEAPOT" }) await App.StockAsync(_store, await App.ProductAsync(sku), 5);
    }

    /// <summary>A shopper whose browser asks for <paramref name="language"/> on every request, as a browser does.</summary>
    private async Task<PageClient> ShopperWithCartAsync(string? language = null)
    {
        var page = PageClient.For(App);
        if (language is not null) page.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        PageClient.Location(await page.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        PageClient.Location(await page.PostFormWithoutTokenAsync($"/products/{_kettle.Id}?handler=AddToCart",
            new() { ["quantity"] = "2" }, PageClient.SameOrigin));
        return page;
    }

    private static async Task<string> GetAsync(PageClient client, string url, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await client.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html.Length > 2000 ? html[..2000] : html);
        html.ShouldContain($"<html lang=\"{language}\"");
        return WebUtility.HtmlDecode(html);
    }

    /// <summary>
    /// Every storefront text whose English differs from its translation must not show in the English words: the
    /// stretches between placeholders long enough not to be a name in the data ("Store", "Product").
    /// </summary>
    private static void ShouldHaveNoEnglishLeft(string html, string language)
    {
        // What a person reads or hears: the text between tags and the attributes read out, not URLs or names of handlers.
        var read = string.Join("\n", ReadAttribute().Matches(html).Select(m => m.Groups[1].Value))
                   + Tag().Replace(ScriptOrStyle().Replace(html, " "), " ");
        var english = Texts.ResourceManager.GetResourceSet(CultureInfo.InvariantCulture, true, true)!;
        var culture = CultureInfo.GetCultureInfo(language);
        var leftovers = new List<string>();
        foreach (DictionaryEntry entry in english)
        {
            var key = (string)entry.Key;
            var source = (string)entry.Value!;
            if (Texts.ResourceManager.GetString(key, culture) == source) continue;
            foreach (var piece in Placeholder().Split(source).Select(p => p.Trim()).Where(p => p.Length >= 8))
                if (read.Contains(piece, StringComparison.Ordinal)) leftovers.Add($"{key}: \"{piece}\"");
        }
        leftovers.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("fr", "Commandez en ligne, retirez en magasin", "Populaires en ce moment")]
    [InlineData("ar", "اطلب عبر الإنترنت واستلم من المتجر", "الأكثر رواجًا الآن")]
    public async Task The_home_page_speaks_the_shoppers_language(string language, string title, string popular)
    {
        var html = await GetAsync(PageClient.For(App), "/", language);
        html.ShouldContain($"<h1>{title}</h1>");
        html.ShouldContain(popular);
        ShouldHaveNoEnglishLeft(html, language);
    }

    [Theory]
    [InlineData("fr", "KETTLE", "1 produit trouvé.")]
    [InlineData("fr", "Product", "3 produits trouvés.")]
    [InlineData("ar", "KETTLE", "عُثر على منتج واحد.")]
    [InlineData("ar", "Product", "عُثر على 3 منتجات.")]
    [InlineData("ru", "Product", "Найдено 3 товара.")]
    public async Task The_product_list_counts_in_the_languages_plural_forms(string language, string search, string count)
    {
        var html = await GetAsync(PageClient.For(App), $"/products?search={search}", language);
        html.ShouldContain(count);
        ShouldHaveNoEnglishLeft(html, language);
    }

    [Theory]
    [InlineData("fr", "Ajouter au panier", "5 en stock", "Disponibilité par magasin")]
    [InlineData("ar", "أضف إلى السلة", "5 قطع في المخزون", "التوفر حسب المتجر")]
    public async Task The_product_page_speaks_the_shoppers_language(string language, string addToCart, string stock, string heading)
    {
        var html = await GetAsync(PageClient.For(App), $"/products/{_kettle.Id}", language);
        html.ShouldContain(addToCart);
        html.ShouldContain(stock);
        html.ShouldContain(heading);
        ShouldHaveNoEnglishLeft(html, language);
    }

    [Theory]
    [InlineData("fr", "Votre panier", "Passer la commande", "Retrait chez Store HEL1.")]
    [InlineData("ar", "سلة التسوق", "إتمام الطلب", "الاستلام من Store HEL1.")]
    public async Task The_cart_speaks_the_shoppers_language(string language, string title, string checkOut, string collectAt)
    {
        var page = await ShopperWithCartAsync(language);
        var html = await GetAsync(page, "/cart", language);
        html.ShouldContain($"<h1>{title}</h1>");
        html.ShouldContain(checkOut);
        Regex.Replace(html, "<[^>]+>", "").ShouldContain(collectAt);
        using (CultureScope.Use(language)) html.ShouldContain(Formats.Money(6980, "EUR"));
        ShouldHaveNoEnglishLeft(html, language);
    }

    [Theory]
    [InlineData("fr", "4. Commander et payer", "mercredi 10 juin")]
    [InlineData("ar", "4. قدّم الطلب وادفع", "الأربعاء")]
    public async Task The_checkout_speaks_the_shoppers_language(string language, string placeOrder, string today)
    {
        var page = await ShopperWithCartAsync(language);
        var html = await GetAsync(page, "/checkout", language);
        html.ShouldContain(placeOrder);
        html.ShouldContain(today);
        using (CultureScope.Use(language))
            html.ShouldContain(Plural.Format(Texts.ResourceManager, nameof(Texts.Checkout_HoldNote_other), 15));
        ShouldHaveNoEnglishLeft(html, language);
    }

    [Fact]
    public async Task The_checkout_offers_every_day_of_the_stores_booking_horizon_not_three()
    {
        var html = await (await ShopperWithCartAsync()).GetAsync("/checkout");

        // Today and the 14 days after it, each a button of the day picker; the day after the horizon is not offered.
        var days = DayButton().Matches(html).Select(m => m.Groups[1].Value).ToList();
        days.First().ShouldBe("2026-06-10");
        days.Last().ShouldBe("2026-06-24");
        days.Count.ShouldBe(15);
        // Only the chosen day's slots are listed: today's, from 12:00 in Helsinki (11:00 plus the hour of lead time).
        SlotValues(html).ShouldAllBe(v => v.StartsWith("2026-06-10T", StringComparison.Ordinal));
        SlotValues(html).First().ShouldBe("2026-06-10T12:00:00.0000000+03:00");
    }

    [Fact]
    public async Task The_day_picker_shows_the_chosen_days_slots_in_the_stores_time_with_its_offset()
    {
        var page = await ShopperWithCartAsync();
        var html = await GetAsync(page, "/checkout?day=2026-06-20", "fr");

        html.ShouldContain("<h3 id=\"slot-day-heading\">samedi 20 juin</h3>");
        var slots = SlotValues(html);
        slots.First().ShouldBe("2026-06-20T08:00:00.0000000+03:00");
        slots.ShouldAllBe(v => v.StartsWith("2026-06-20T", StringComparison.Ordinal));
        slots.Count.ShouldBe(24);
        html.ShouldContain("08:00–08:30 (UTC+3)");
        html.ShouldContain("aria-current=\"date\" value=\"2026-06-20\"", Case.Sensitive);
    }

    [Fact]
    public async Task A_day_button_posts_the_form_back_keeping_what_the_shopper_typed()
    {
        var page = await ShopperWithCartAsync();
        var response = await page.PostFormAsync("/checkout", "/checkout?handler=Day", new()
        {
            ["Input.Name"] = "Ada Lovelace", ["Input.Email"] = "ada@example.test", ["Day"] = "2026-06-21",
        });

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("value=\"Ada Lovelace\"");
        SlotValues(html).ShouldAllBe(v => v.StartsWith("2026-06-21T", StringComparison.Ordinal));
        SlotValues(html).ShouldNotBeEmpty();
        html.ShouldNotContain("field-validation-error");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((5, 0));
    }

    [Fact]
    public async Task After_an_error_the_checkout_shows_the_day_of_the_slot_the_shopper_chose_still_chosen()
    {
        var page = await ShopperWithCartAsync();
        const string slot = "2026-06-21T15:00:00.0000000+03:00";
        var response = await page.PostFormAsync("/checkout", "/checkout", new()
        {
            ["Input.Name"] = "", ["Input.Email"] = "ada@example.test", ["Input.SlotStart"] = slot, ["Day"] = "2026-06-20",
        });

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("field-validation-error");
        SlotValues(html).ShouldAllBe(v => v.StartsWith("2026-06-21T", StringComparison.Ordinal));
        Regex.IsMatch(WebUtility.HtmlDecode(html), $"value=\"{Regex.Escape(slot)}\"[^>]*checked=\"checked\"").ShouldBeTrue();
    }

    [Fact]
    public async Task A_day_with_every_slot_booked_says_full_and_its_slots_cannot_be_chosen()
    {
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE stores SET orders_per_slot = 1 WHERE id = {_store.Id}"));
        var spoon = await App.ProductAsync("SPOON");
        await App.StockAsync(_store, spoon, 30);
        var api = App.CreateClient();
        // Open 08:00–20:00 in Helsinki: 24 half-hour slots on Monday 22 June, each with its one place taken.
        var day = new DateTimeOffset(2026, 6, 22, 8, 0, 0, TimeSpan.FromHours(3));
        for (var i = 0; i < 24; i++) await api.PlaceOrderAsync(TestData.OrderBody(_store, day.AddMinutes(30 * i), (spoon, 1)));

        var html = await GetAsync(await ShopperWithCartAsync("fr"), "/checkout?day=2026-06-22", "fr");

        Regex.IsMatch(html, "value=\"2026-06-22\" formaction=\"[^\"]*\" formnovalidate\\s+class=\"day chosen full\"").ShouldBeTrue();
        html.ShouldContain("<span class=\"muted\">complet</span>");
        SlotValues(html).Count.ShouldBe(24);
        Regex.Matches(html, "name=\"Input.SlotStart\" id=\"[^\"]+\" value=\"[^\"]+\" disabled=\"disabled\"").Count.ShouldBe(24);
    }

    [Fact]
    public async Task In_Arabic_the_slot_times_keep_their_offset_left_to_right()
    {
        var page = await ShopperWithCartAsync();
        var html = await GetAsync(page, "/checkout?day=2026-06-20", "ar");
        html.ShouldContain("<html lang=\"ar\" dir=\"rtl\">");
        html.ShouldContain("(\u2066UTC+3\u2069)");
    }

    [Fact]
    public async Task The_store_page_gives_its_hours_and_next_slot_in_the_stores_time_in_French()
    {
        var html = await GetAsync(PageClient.For(App), $"/stores/{_store.Id}", "fr");

        html.ShouldContain("Horaires d’ouverture");
        // The week as French starts it, Monday first, and the hours in the French 24-hour clock.
        html.ShouldContain("<tr><th scope=\"row\">Lundi</th><td>08:00–20:00</td></tr>");
        html.IndexOf(">Lundi<", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf(">Dimanche<", StringComparison.Ordinal));
        html.ShouldContain("Europe/Helsinki (UTC+3)");
        Tag().Replace(html, "").ShouldContain("Prochain retrait\u202f: mercredi 10 juin, 12:00–12:30 (UTC+3)");
        html.ShouldContain("14 jours à l’avance");
        ShouldHaveNoEnglishLeft(html, "fr");
    }

    private static List<string> SlotValues(string html) => SlotRegex().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("name=\"Input.SlotStart\" id=\"[^\"]+\" value=\"([^\"]+)\"")]
    private static partial Regex SlotRegex();

    [GeneratedRegex("name=\"Day\" (?:aria-current=\"date\" )?value=\"([0-9-]+)\" formaction")]
    private static partial Regex DayButton();

    [GeneratedRegex("(?:placeholder|title|aria-label|alt)=\"([^\"]*)\"")]
    private static partial Regex ReadAttribute();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("<(script|style)\\b.*?</\\1>", RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();
}

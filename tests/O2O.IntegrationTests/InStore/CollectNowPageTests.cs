using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.InStore;

/// <summary>
/// Collect now in the pages, without script: the shelf's product page offers it, checkout takes it as one more choice
/// beside the slots, the pass says when it is ready, the desk's board puts it on top with the time left.
/// </summary>
public sealed class CollectNowPageTests(O2OApp app) : IntegrationTest(app)
{
    // 10:07 in Paris (UTC+2); with 10 minutes to prepare, ready at 10:17.
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 7, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Product _lamp = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("PAR10");
        _lamp = await App.ProductAsync("LAMP-10", 2500);
        await App.StockAsync(_store, _lamp, 10);
        await App.WithDbAsync(async db =>
        {
            (await db.Stores.SingleAsync(s => s.Id == _store.Id)).ChangeCollectNow(new CollectNowSettings(true, 10, 3));
            await db.SaveChangesAsync();
        });
    }

    private static string Text(string html) => WebUtility.HtmlDecode(html).Replace('\u202f', ' ').Replace('\u00a0', ' ');

    /// <summary>Shelf label → "collect at the desk in 10 minutes" → checkout with collect now chosen → pay → the pass.</summary>
    private async Task<(PageClient Page, string Pass)> OrderFromTheShelfAsync(string culture)
    {
        var page = PageClient.For(App);
        var product = await page.GetAsync($"/products/{_lamp.Id}?at=PAR10&culture={culture}");
        product.ShouldContain("data-collect-now");

        var added = await page.PostFormWithoutTokenAsync($"/products/{_lamp.Id}?handler=CollectNow",
            new() { ["quantity"] = "1", ["At"] = "PAR10" }, PageClient.SameOrigin);
        var checkoutUrl = PageClient.Location(added);
        checkoutUrl.ShouldBe("/checkout?collectNow=true");
        var checkout = await page.GetAsync(checkoutUrl);
        checkout.ShouldMatch("id=\"slot-now\" value=\"now\" checked=\"checked\"|id=\"slot-now\" value=\"now\"[^>]*checked");

        var placed = await page.PostFormAsync(checkoutUrl, "/checkout?culture=" + culture, new()
        {
            ["Input.Name"] = "Ada Lovelace", ["Input.Email"] = "ada@example.test", ["Input.SlotStart"] = "now",
        });
        var payUrl = PageClient.Location(placed);
        var token = WebUtility.UrlDecode(payUrl[(payUrl.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        var passUrl = PageClient.Location(await page.PostFormAsync(payUrl, payUrl, new() { ["token"] = token, ["outcome"] = "succeeded" }));
        return (page, await page.GetAsync(passUrl + "&culture=" + culture));
    }

    [Fact]
    public async Task From_the_shelf_to_the_pass_in_english_the_order_is_ready_in_ten_minutes()
    {
        var page = PageClient.For(App);
        Text(await page.GetAsync($"/products/{_lamp.Id}?at=PAR10")).ShouldContain("Collect at the desk in 10 minutes");

        var (_, pass) = await OrderFromTheShelfAsync("en");

        Text(pass).ShouldContain("Collect now: ready at the desk at 10:17 AM (UTC+2)");
        var order = await App.WithDbAsync(db => db.Orders.SingleAsync());
        order.IsCollectNow.ShouldBeTrue();
        order.SlotStart.ShouldBe(Morning.AddMinutes(10));
    }

    [Fact]
    public async Task In_french_the_offer_the_checkout_and_the_pass_read_french_on_the_stores_clock()
    {
        var product = Text(await PageClient.For(App).GetAsync($"/products/{_lamp.Id}?at=PAR10&culture=fr"));
        product.ShouldContain("Retirer au comptoir dans 10 minutes");
        product.ShouldContain("Prête au comptoir à 10:17 (UTC+2)");

        var (_, pass) = await OrderFromTheShelfAsync("fr");

        Text(pass).ShouldContain("Retrait immédiat : prête au comptoir à 10:17 (UTC+2)");
        var confirmation = await App.WithDbAsync(db => db.Emails.Where(e => e.Kind == "confirmation").Select(e => e.Body).SingleAsync());
        confirmation.Replace('\u202f', ' ').ShouldContain("Retrait immédiat : prête au comptoir à 10:17 (UTC+2)");
        confirmation.ShouldNotContain("Créneau de retrait");
    }

    [Fact]
    public async Task In_arabic_the_pass_shows_the_ready_time_right_to_left()
    {
        var (_, pass) = await OrderFromTheShelfAsync("ar");

        pass.ShouldContain("dir=\"rtl\"");
        Text(pass).ShouldContain("استلام فوري: جاهز في المكتب عند");
        // The offset is isolated left to right inside the Arabic sentence.
        Text(pass).ShouldContain("جاهز في المكتب عند 10:17 ص (\u2066UTC+2\u2069)");
    }

    [Fact]
    public async Task A_product_page_not_opened_from_a_shelf_or_of_a_store_without_it_offers_nothing()
    {
        (await PageClient.For(App).GetAsync($"/products/{_lamp.Id}")).ShouldNotContain("data-collect-now");
        App.Clock.Set(Morning.AddHours(12)); // 22:07: closed
        (await PageClient.For(App).GetAsync($"/products/{_lamp.Id}?at=PAR10&x=closed")).ShouldNotContain("data-collect-now");
    }

    [Fact]
    public async Task A_full_quarter_hour_is_said_beside_the_choice_at_checkout()
    {
        for (var i = 0; i < 3; i++)
            await App.CreateClient().PlaceOrderAsync(new
            {
                storeId = _store.Id, collectNow = true, customer = new { email = "b@example.test", name = "B" },
                lines = new[] { new { productId = _lamp.Id, quantity = 1 } },
            });
        var page = PageClient.For(App);
        await page.PostFormWithoutTokenAsync($"/products/{_lamp.Id}?handler=CollectNow", new() { ["quantity"] = "1", ["At"] = "PAR10" }, PageClient.SameOrigin);

        var refused = await page.PostFormAsync("/checkout?collectNow=true&culture=fr", "/checkout?culture=fr", new()
        {
            ["Input.Name"] = "Ada Lovelace", ["Input.Email"] = "ada@example.test", ["Input.SlotStart"] = "now",
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(await refused.Content.ReadAsStringAsync()).ShouldContain("Veuillez réessayer à partir de 10:30 (UTC+2)");
        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(3);
    }

    [Fact]
    public async Task The_board_puts_collect_now_orders_on_top_with_the_time_left()
    {
        var (_, _) = await OrderFromTheShelfAsync("en");
        var (slotOrder, _) = await App.PaidOrderAsync(_store, (_lamp, 1));
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
        var desk = await PageClient.SignedInAsync(App, "desk@o2o.test");
        App.Clock.Set(Morning.AddMinutes(2).AddSeconds(30));

        var board = Text(await desk.GetAsync($"/staff/stores/{_store.Id}"));

        var top = board.IndexOf("collect-now-board", StringComparison.Ordinal);
        top.ShouldBeGreaterThan(0);
        top.ShouldBeLessThan(board.IndexOf("class=\"board\"", StringComparison.Ordinal));
        board.ShouldContain("Ready at 10:17 AM (UTC+2) · <span data-seconds-left=\"450\">7:30</span> left");
        board.IndexOf("data-collect-now", StringComparison.Ordinal).ShouldBeLessThan(board.IndexOf("class=\"board\"", StringComparison.Ordinal));
        slotOrder.ShouldNotBeNull();

        // The clerk's order page gives the ready time in place of a slot, which would run to the end of the hold.
        var collectNowId = await App.WithDbAsync(db => db.Orders.Where(o => o.CollectNowWindow != null).Select(o => o.Id).SingleAsync());
        var orderPage = Text(await desk.GetAsync($"/staff/orders/{collectNowId}"));
        orderPage.ShouldContain("To be ready at the desk at 10:17 AM (UTC+2)");
        Text(await desk.GetAsync($"/staff/orders/{collectNowId}?culture=ar")).ShouldContain("تُجهَّز عند المكتب الساعة");

        App.Clock.Set(Morning.AddMinutes(12));
        Text(await desk.GetAsync($"/staff/stores/{_store.Id}?culture=fr")).ShouldContain("Attendue depuis 10:17 (UTC+2)");
    }

    [Fact]
    public async Task The_back_office_sets_collect_now_on_the_store_page_and_refuses_minutes_out_of_range()
    {
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");
        var edit = $"/admin/stores/edit/{_store.Id}";
        var form = await admin.GetAsync(edit);
        form.ShouldContain("name=\"Form.CollectNow\"");
        var fields = new Dictionary<string, string>
        {
            ["Form.Code"] = "PAR10", ["Form.Name"] = "Store PAR10", ["Form.Street"] = "1 Rue de Test", ["Form.PostalCode"] = "75001",
            ["Form.City"] = "Paris", ["Form.CountryCode"] = "FR", ["Form.Latitude"] = "48.86", ["Form.Longitude"] = "2.34",
            ["Form.TimeZone"] = "Europe/Paris", ["Form.SlotLengthMinutes"] = "30", ["Form.OrdersPerSlot"] = "100",
            ["Form.LeadTimeMinutes"] = "60", ["Form.BookingHorizonDays"] = "7", ["Form.HoldDays"] = "3", ["Form.CaptureMode"] = "AtOrder",
            ["Form.CollectNow"] = "true", ["Form.CollectNowMinutes"] = "200", ["Form.CollectNowPerWindow"] = "5",
        };
        for (var d = 0; d < 7; d++) fields[$"Form.Hours[{d}]"] = "08:00-20:00";

        var refused = await admin.PostFormAsync(edit + "?culture=fr", edit + "?culture=fr", fields);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(await refused.Content.ReadAsStringAsync()).ShouldContain("Minutes de préparation");

        fields["Form.CollectNowMinutes"] = "20";
        PageClient.Location(await admin.PostFormAsync(edit, edit, fields));
        var settings = await App.WithDbAsync(db => db.Stores.AsNoTracking().Where(s => s.Id == _store.Id).Select(s => s.CollectNow).SingleAsync());
        settings.ShouldBe(new CollectNowSettings(true, 20, 5));
    }

    [Fact]
    public async Task The_admin_stores_api_keeps_collect_now_when_left_out_and_validates_it()
    {
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var api = await App.ClientForAsync("boss@o2o.test");
        object Body(int? minutes) => new
        {
            code = "PAR10", name = "Store PAR10", street = "1 Rue de Test", postalCode = "75001", city = "Paris", countryCode = "FR",
            latitude = 48.86, longitude = 2.34, timeZone = "Europe/Paris",
            openingHours = Enum.GetValues<DayOfWeek>().Select(d => new { day = d.ToString(), opens = "08:00", closes = "20:00" }),
            closures = Array.Empty<object>(), slotLengthMinutes = 30, ordersPerSlot = 100, leadTimeMinutes = 60, bookingHorizonDays = 7,
            holdDays = 3, captureMode = "AtOrder", pickupPaused = false, collectNowMinutes = minutes,
        };

        var bad = await api.PutAsJsonAsync($"/api/v1/admin/stores/{_store.Id}", Body(4));
        (await bad.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["collectNowMinutes"].ShouldNotBeNull();

        var saved = await (await api.PutAsJsonAsync($"/api/v1/admin/stores/{_store.Id}", Body(null))).JsonAsync();
        ((bool)saved["store"]!["collectNow"]!["enabled"]!).ShouldBeTrue();
        ((int)saved["store"]!["collectNow"]!["prepareMinutes"]!).ShouldBe(10);
        var offer = await App.CreateClient().GetJsonAsync($"/api/v1/stores/{_store.Id}/collect-now");
        ((bool)offer["offered"]!).ShouldBeTrue();
        ((string)offer["readyAt"]!).ShouldStartWith("2026-06-10T10:17:00+02:00");
    }
}

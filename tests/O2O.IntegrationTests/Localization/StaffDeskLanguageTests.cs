using System.Net;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Localization;

/// <summary>
/// The desk speaks the clerk's language and tells every time on the store's clock, with its offset: a Helsinki store
/// (UTC+3 in June) at 08:00 UTC, so a time left in UTC, or in the server's zone, would read 09:00, not 12:00.
/// </summary>
public sealed class StaffDeskLanguageTests(O2OApp app) : IntegrationTest(app)
{
    /// <summary>Wednesday 10 June 2026, 11:00 in Helsinki; the first slot a shopper can book is 12:00–12:30 there.</summary>
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Product _kettle = null!;
    private string _orderId = "";
    private string _token = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Now);
        _store = await App.StoreAsync("HEL01", timeZone: "Europe/Helsinki");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
        (_orderId, _token) = await App.PaidOrderAsync(_store, (_kettle, 2));
    }

    /// <summary>A clerk signed in whose browser asks for <paramref name="language"/>.</summary>
    private async Task<PageClient> DeskAsync(string language)
    {
        var desk = await PageClient.SignedInAsync(App, "desk@o2o.test");
        desk.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return desk;
    }

    /// <summary>The page as a person reads it: entities decoded, and the no-break spaces of French numbers as spaces.</summary>
    private static async Task<string> ReadAsync(PageClient desk, string url) => Text(await desk.GetAsync(url));

    private static string Text(string html) => WebUtility.HtmlDecode(html).Replace('\u00A0', ' ').Replace('\u202F', ' ');

    private string Board => $"/staff/stores/{_store.Id}?date=2026-06-10";

    private string OrderPage => $"/staff/orders/{_orderId}";

    [Fact]
    public async Task The_board_in_French_names_its_columns_and_gives_slots_on_the_stores_clock()
    {
        var page = await ReadAsync(await DeskAsync("fr"), Board);

        page.ShouldContain("<html lang=\"fr\" dir=\"ltr\">");
        page.ShouldContain("mercredi 10 juin");
        page.ShouldContain("À préparer");
        page.ShouldContain("12:00–12:30 (UTC+3)");
        page.ShouldContain("2 articles · 69,80 €");
        page.ShouldContain("Marquer comme prête");
        page.ShouldNotContain("To prepare");
        page.ShouldNotContain("Mark ready");
        page.ShouldNotContain("09:00");
    }

    [Fact]
    public async Task The_board_in_Arabic_reads_right_to_left_with_the_offset_kept_left_to_right()
    {
        var page = await ReadAsync(await DeskAsync("en"), Board + "&culture=ar");

        page.ShouldContain("<html lang=\"ar\" dir=\"rtl\">");
        page.ShouldContain("للتجهيز");
        page.ShouldContain("قطعتان");
        page.ShouldContain("تحديد كجاهزة");
        page.ShouldContain("12:00 م–12:30 م (\u2066UTC+3\u2069)");
        page.ShouldNotContain("Mark ready");
    }

    [Fact]
    public async Task An_order_in_French_shows_its_slot_and_its_history_on_the_stores_clock()
    {
        var page = await ReadAsync(await DeskAsync("fr"), OrderPage);

        page.ShouldContain("Créneau");
        page.ShouldContain("mercredi 10 juin, 12:00–12:30 (UTC+3)");
        page.ShouldContain("2 sur 2 unités");
        page.ShouldContain("Historique");
        // Placed and paid at 08:00 UTC, 11:00 in Helsinki.
        page.ShouldContain("10/06/2026 11:00 (UTC+3) · Client");
        page.ShouldContain("10/06/2026 11:00 (UTC+3) · Paiement de test"); // paid through the test gateway
        page.ShouldNotContain("08:00");
        page.ShouldNotContain(" UTC ");
        page.ShouldContain("Marquer comme prête");
    }

    [Fact]
    public async Task An_order_in_Arabic_shows_its_history_on_the_stores_clock()
    {
        var page = await ReadAsync(await DeskAsync("ar-EG"), OrderPage);

        page.ShouldContain("<html lang=\"ar\" dir=\"rtl\">");
        page.ShouldContain("السجل");
        page.ShouldContain("موعد الاستلام");
        page.ShouldContain("11:00 ص (\u2066UTC+3\u2069) · العميل");
        page.ShouldNotContain("History");
    }

    [Theory]
    [InlineData("fr", "Numéro de commande ou code de retrait", "Trouver la commande", "Saisissez un numéro de commande ou un code de retrait.")]
    [InlineData("ar", "رقم الطلب أو رمز الاستلام", "ابحث عن الطلب", "اكتب رقم طلب أو رمز استلام.")]
    public async Task The_hand_over_page_asks_in_the_clerks_language(string language, string label, string button, string empty)
    {
        var desk = await DeskAsync(language);
        var url = $"/staff/stores/{_store.Id}/handover";

        var page = await ReadAsync(desk, url);
        page.ShouldContain(label);
        page.ShouldContain(button);
        page.ShouldNotContain("Find order");

        var answer = await desk.PostFormAsync(url, url, new() { ["query"] = " " });
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(await answer.Content.ReadAsStringAsync()).ShouldContain(empty);
    }

    [Theory]
    [InlineData("fr", "La commande est bloquée jusqu'à 11:15 (UTC+3).")]
    [InlineData("ar", "الطلب مقفل حتى 11:15 ص (\u2066UTC+3\u2069).")]
    public async Task An_order_locked_by_wrong_codes_says_until_when_on_the_stores_clock(string language, string locked)
    {
        (await (await App.ClientForAsync("desk@o2o.test")).PostJsonAsync($"/api/v1/staff/orders/{_orderId}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var desk = await DeskAsync(language);
        for (var i = 0; i < 5; i++)
            (await desk.PostFormAsync(OrderPage, $"{OrderPage}?handler=Collect", new() { ["pickupCode"] = "WRONG1" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var code = (await App.CreateClient().GetOrderAsync(_orderId, _token))["pickupCode"]!.GetValue<string>();
        var answer = await desk.PostFormAsync(OrderPage, $"{OrderPage}?handler=Collect", new() { ["pickupCode"] = code });

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = Text(await answer.Content.ReadAsStringAsync());
        page.ShouldContain(locked);
        page.ShouldNotContain("08:15");
    }

    [Fact]
    public async Task A_short_pick_is_confirmed_in_French_with_the_new_total()
    {
        var lineId = (await App.CreateClient().GetOrderAsync(_orderId, _token))["lines"]![0]!["id"]!.GetValue<string>();
        var desk = await DeskAsync("fr");

        var done = await desk.PostFormAsync(OrderPage, $"{OrderPage}?handler=Short", new() { ["lineId"] = lineId, ["quantity"] = "1", ["reason"] = "Abîmé" });

        PageClient.Location(done).ShouldBe(OrderPage);
        var page = await ReadAsync(desk, OrderPage);
        page.ShouldContain("Manquant enregistré ; le total est maintenant de 34,90 € et le client a été prévenu.");
        page.ShouldContain("1 sur 2 unités");
        page.ShouldContain("1 manquante");
    }
}

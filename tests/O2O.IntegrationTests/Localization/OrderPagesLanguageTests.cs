using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Localization;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Localization;

/// <summary>
/// The order and account pages speak the shopper's language, Identity's own errors included, and show every time as the
/// store's clock shows it, with the offset: a store in Paris is at UTC+2 in June, whatever zone the server runs in.
/// </summary>
public sealed partial class OrderPagesLanguageTests(O2OApp app) : IntegrationTest(app)
{
    /// <summary>Wednesday 10 June 2026, 10:00 in Paris (summer time).</summary>
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Now);
        _store = await App.StoreAsync("PAR01", timeZone: "Europe/Paris");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 5);
    }

    private static PageClient Speaking(O2OApp app, string language)
    {
        var page = PageClient.For(app);
        page.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return page;
    }

    /// <summary>The first bookable slot as the page shows it: "11:00–11:30" in the store's time.</summary>
    private async Task<string> FirstSlotTimesAsync()
    {
        var start = await App.CreateClient().FirstSlotAsync(_store);
        start.Offset.ShouldBe(TimeSpan.FromHours(2));
        return $"{start.ToString("HH:mm", CultureInfo.InvariantCulture)}\u2013{start.AddMinutes(30).ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }

    private static async Task<string> TextOfAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static async Task<string> PageAsync(PageClient page, string url) => WebUtility.HtmlDecode(await page.GetAsync(url));

    [Fact]
    public async Task The_order_page_in_French_shows_its_slot_and_its_timeline_in_the_stores_time_with_the_offset()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        var slot = await FirstSlotTimesAsync();

        var html = await PageAsync(Speaking(App, "fr"), $"/orders/{id}?token={Uri.EscapeDataString(token)}");

        html.ShouldContain("<html lang=\"fr\" dir=\"ltr\">");
        html.ShouldContain("Bon de retrait");
        html.ShouldContain("Présentez-le au comptoir.");
        html.ShouldContain("Où et quand");
        html.ShouldContain($"mercredi 10 juin, {slot} (UTC+2)");
        var timeline = Timeline().Match(html).Value;
        timeline.ShouldContain("10/06/2026 10:00 (UTC+2)");
        timeline.ShouldNotContain("08:00");
        html.ShouldContain("Annuler cette commande");
        html.ShouldNotContain("Pickup pass");
        html.ShouldNotContain(" UTC<");
    }

    [Fact]
    public async Task The_order_page_in_Arabic_reads_right_to_left_with_the_offset_kept_left_to_right()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));

        var html = await PageAsync(PageClient.For(App), $"/orders/{id}?token={Uri.EscapeDataString(token)}&culture=ar");

        html.ShouldContain("<html lang=\"ar\" dir=\"rtl\">");
        html.ShouldContain("بطاقة الاستلام");
        html.ShouldContain("المكان والموعد");
        html.ShouldContain("السجل الزمني");
        string moment;
        using (CultureScope.Use("ar")) moment = Formats.Moment(Now.ToOffset(TimeSpan.FromHours(2)));
        moment.ShouldContain("(\u2066UTC+2\u2069)");
        Timeline().Match(html).Value.ShouldContain(moment);
        html.ShouldNotContain("Where and when");
    }

    [Fact]
    public async Task The_pay_page_in_French_shows_the_slot_in_the_stores_time()
    {
        var client = App.CreateClient();
        var order = await client.PlaceOrderAsync(TestData.OrderBody(_store, await client.FirstSlotAsync(_store), (_kettle, 1)));
        var slot = await FirstSlotTimesAsync();

        var html = await PageAsync(Speaking(App, "fr"),
            $"/orders/{order["id"]}/pay?token={Uri.EscapeDataString(order["accessToken"]!.GetValue<string>())}");

        html.ShouldContain($"Payer la commande {order["number"]}");
        html.ShouldContain($"Retrait à Store PAR01, mercredi 10 juin, {slot} (UTC+2)");
        html.ShouldContain("MODE TEST");
        html.ShouldContain("<strong data-left=\"\">15:00</strong>");
    }

    [Fact]
    public async Task The_account_order_list_in_French_and_Arabic_shows_each_pickup_in_the_stores_time()
    {
        await App.PaidOrderAsync(_store, (_kettle, 1)); // a guest order, claimed by the account registered below
        var slot = await FirstSlotTimesAsync();
        var page = Speaking(App, "fr");
        PageClient.Location(await page.PostFormAsync("/Account/Register", "/Account/Register", new()
        {
            ["Input.Name"] = "Ada", ["Input.Email"] = "ada@example.test", ["Input.Password"] = "Str0ng-pass!",
        })).ShouldBe("/account/orders");

        var french = await PageAsync(page, "/account/orders");
        french.ShouldContain("Bienvenue ! 1 commande passée est désormais dans votre compte.");
        french.ShouldContain("<th scope=\"col\">Retrait</th>");
        french.ShouldContain($"mercredi 10 juin, {slot} (UTC+2)");
        french.ShouldNotContain(" UTC<");

        var arabic = await PageAsync(page, "/account/orders?culture=ar");
        arabic.ShouldContain("<html lang=\"ar\" dir=\"rtl\">");
        arabic.ShouldContain("<th scope=\"col\">الاستلام</th>");
        var start = await App.CreateClient().FirstSlotAsync(_store);
        string range;
        using (CultureScope.Use("ar")) range = Formats.Range(start, start.AddMinutes(30));
        range.ShouldEndWith("(\u2066UTC+2\u2069)");
        arabic.ShouldContain(range);
    }

    [Fact]
    public async Task A_failed_sign_in_in_French_says_so_in_French()
    {
        var page = Speaking(App, "fr");

        var wrong = await page.PostFormAsync("/Account/Login", "/Account/Login", new() { ["Input.Email"] = "nobody@o2o.test", ["Input.Password"] = "guess" });
        var empty = await page.PostFormAsync("/Account/Login", "/Account/Login", new() { ["Input.Email"] = "", ["Input.Password"] = "" });

        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TextOfAsync(wrong)).ShouldContain("L’adresse e-mail ou le mot de passe est incorrect.");
        var emptyHtml = await TextOfAsync(empty);
        emptyHtml.ShouldContain("Saisissez votre adresse e-mail.");
        emptyHtml.ShouldContain("Saisissez votre mot de passe.");
        emptyHtml.ShouldNotContain("Enter your");
    }

    [Fact]
    public async Task Identitys_own_password_rules_speak_French_beside_the_password()
    {
        var response = await Speaking(App, "fr").PostFormAsync("/Account/Register", "/Account/Register", new()
        {
            ["Input.Name"] = "Bob", ["Input.Email"] = "bob@example.test", ["Input.Password"] = "short",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await TextOfAsync(response);
        var error = PasswordError().Match(html).Value;
        error.ShouldContain("Votre mot de passe doit compter au moins 8 caractères.");
        html.ShouldContain("Votre mot de passe doit contenir au moins un chiffre (0–9).");
        html.ShouldContain("Votre mot de passe doit contenir au moins une majuscule (A–Z).");
        html.ShouldNotContain("Passwords must");
    }

    [Fact]
    public async Task Registering_with_a_taken_email_in_French_says_so_in_French()
    {
        await App.UserAsync("sam@o2o.test", O2O.Infrastructure.Identity.Roles.Shopper);

        var response = await Speaking(App, "fr").PostFormAsync("/Account/Register", "/Account/Register", new()
        {
            ["Input.Name"] = "Sam", ["Input.Email"] = "sam@o2o.test", ["Input.Password"] = "Str0ng-pass!",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TextOfAsync(response)).ShouldContain("Un compte existe déjà avec cette adresse e-mail. Connectez-vous plutôt.");
    }

    [Fact]
    public async Task Registering_in_Portuguese_makes_Portuguese_the_accounts_language_on_every_device()
    {
        var phone = Speaking(App, "pt-PT,pt;q=0.9");
        PageClient.Location(await phone.PostFormAsync("/Account/Register", "/Account/Register", new()
        {
            ["Input.Name"] = "Inês", ["Input.Email"] = "ines@example.test", ["Input.Password"] = "Str0ng-pass!",
        })).ShouldBe("/account/orders");

        (await App.WithDbAsync(db => db.Users.Where(u => u.Email == "ines@example.test").Select(u => u.PreferredCulture).SingleAsync()))
            .ShouldBe("pt");
        var laptop = await PageClient.SignedInAsync(App, "ines@example.test", "Str0ng-pass!");
        var html = await PageAsync(laptop, "/account/orders");
        html.ShouldContain("<html lang=\"pt\"");
        html.ShouldContain("<h1>As minhas encomendas</h1>");
        html.ShouldContain("Ainda não tem encomendas.");
    }

    [Fact]
    public async Task A_spent_invitation_link_in_French_says_so_and_the_data_page_speaks_French()
    {
        var userId = await App.UserAsync("sam@o2o.test", O2O.Infrastructure.Identity.Roles.Shopper);
        var url = $"/Account/SetPassword?userId={userId}&token=spent";

        var response = await Speaking(App, "fr").PostFormAsync(url, url, new() { ["password"] = "Str0ng-pass!" });
        (await TextOfAsync(response)).ShouldContain("Ce lien d’invitation a expiré ou a déjà été utilisé.");

        var signedIn = await PageClient.SignedInAsync(App, "sam@o2o.test");
        var data = await PageAsync(signedIn, "/account/data?culture=fr");
        data.ShouldContain("<h2 id=\"delete-heading\">Supprimer mon compte</h2>");
        data.ShouldContain("Je veux que mon compte soit supprimé");
    }

    [Fact]
    public async Task An_order_page_that_does_not_exist_says_so_in_the_readers_language()
    {
        var (id, _) = await App.PaidOrderAsync(_store, (_kettle, 1));

        var html = WebUtility.HtmlDecode(await Speaking(App, "fr").GetAsync($"/orders/{id}?token=wrong", HttpStatusCode.NotFound));

        html.ShouldContain("<h1>Page introuvable</h1>");
        html.ShouldContain("Cette page n’existe pas ou a été déplacée.");
    }

    [Fact]
    public async Task The_order_in_the_API_names_the_stores_time_zone()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));

        var view = await App.CreateClient().GetOrderAsync(id, token);

        view["storeTimeZone"]!.GetValue<string>().ShouldBe("Europe/Paris");
    }

    [GeneratedRegex("<ol class=\"timeline\">.*?</ol>", RegexOptions.Singleline)]
    private static partial Regex Timeline();

    [GeneratedRegex("id=\"password-error\" class=\"field-error field-validation-error\"[^>]*>.*?</span>", RegexOptions.Singleline)]
    private static partial Regex PasswordError();
}

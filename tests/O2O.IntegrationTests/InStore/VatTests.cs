using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Notifications;
using O2O.Domain.Catalog;
using O2O.Domain.Common;
using O2O.Domain.Stores;
using O2O.Domain.Tax;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.InStore;

/// <summary>
/// VAT follows the store that hands the goods over: the same basket in Paris and in Helsinki carries each country's
/// rates, per rate and exact in cents, on the order, its pages and emails, and on the receipt sent once at collection.
/// </summary>
public sealed class VatTests(O2OApp app) : IntegrationTest(app)
{
    // Wednesday 10 June 2026, 10:00 in Paris, 11:00 in Helsinki: Finland charges 25.5 % and, on food, 13.5 %.
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private Store _paris = null!;
    private Store _helsinki = null!;
    private Product _lamp = null!;
    private Product _tea = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _paris = await StoreInAsync("PARVAT", "FR", "Europe/Paris", "O2O France SAS", "FR40123456789");
        _helsinki = await StoreInAsync("HELVAT", "FI", "Europe/Helsinki");
        _lamp = await ProductAsync("LAMP-V", 1255, TaxCategory.Standard);
        _tea = await ProductAsync("TEA-V", 450, TaxCategory.Intermediate);
        foreach (var store in new[] { _paris, _helsinki })
        {
            await App.StockAsync(store, _lamp, 5);
            await App.StockAsync(store, _tea, 5);
        }
        await App.UserAsync("staff.vat@o2o.test", Roles.Staff, _paris, _helsinki);
    }

    private Task<Store> StoreInAsync(string code, string country, string zone, string? legalName = null, string? vatNumber = null) =>
        App.WithDbAsync(async db =>
        {
            var store = new Store(Guid.CreateVersion7(), code, $"Store {code}", new StoreAddress("1 Test Street", "00100", "Testville", country),
                new GeoPoint(48.86, 2.34), zone, new PickupSettings(30, 100, 60, 7, 3, CaptureMode.AtOrder));
            store.SetOpeningHours(Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, new TimeOnly(8, 0), new TimeOnly(20, 0))));
            store.SetTaxIdentity(legalName, vatNumber);
            db.Stores.Add(store);
            await db.SaveChangesAsync();
            return store;
        });

    private Task<Product> ProductAsync(string sku, long cents, TaxCategory category) =>
        App.WithDbAsync(async db =>
        {
            var product = new Product(Guid.CreateVersion7(), sku, $"Product {sku}", "", "Test", new Money(cents, "EUR"), null);
            product.ChangeTaxCategory(category);
            db.Products.Add(product);
            await db.SaveChangesAsync();
            return product;
        });

    /// <summary>Two lamps and a tea, placed and paid by a shopper speaking <paramref name="language"/>.</summary>
    private async Task<(string Id, string Token)> BasketAsync(Store store, string language = "en")
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var order = await client.PlaceOrderAsync(TestData.OrderBody(store, await client.FirstSlotAsync(store), (_lamp, 2), (_tea, 1)));
        var id = order["id"]!.GetValue<string>();
        (await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (id, order["accessToken"]!.GetValue<string>());
    }

    private static (decimal Rate, long Net, long Tax, long Gross)[] VatOf(JsonNode order) =>
        order["vat"]!.AsArray().Select(v => (v!["ratePercent"]!.GetValue<decimal>(), v["net"]!["amount"]!.GetValue<long>(),
            v["tax"]!["amount"]!.GetValue<long>(), v["gross"]!["amount"]!.GetValue<long>())).ToArray();

    private Task<List<OutboxEmail>> EmailsAsync(string id, string kind) =>
        App.WithDbAsync(db => db.Emails.AsNoTracking().Where(e => e.OrderId == Guid.Parse(id) && e.Kind == kind).ToListAsync());

    /// <summary>French and Finnish write a narrow or plain no-break space before "€" and "%"; the figures are what matters.</summary>
    private static string Spaced(string text) => text.Replace('\u00a0', ' ').Replace('\u202f', ' ');

    [Fact]
    public async Task The_same_basket_carries_French_VAT_in_Paris_and_Finnish_VAT_in_Helsinki()
    {
        var (parisId, parisToken) = await BasketAsync(_paris);
        var (helsinkiId, helsinkiToken) = await BasketAsync(_helsinki);

        var paris = await App.CreateClient().GetOrderAsync(parisId, parisToken);
        var helsinki = await App.CreateClient().GetOrderAsync(helsinkiId, helsinkiToken);

        // 25.10 € at 20 %: 25.10 / 6 = 4.183 → 4.18; 4.50 € at 10 %: 4.50 / 11 = 0.409 → 0.41.
        VatOf(paris).ShouldBe([(20m, 2092L, 418L, 2510L), (10m, 409L, 41L, 450L)]);
        // 25.10 € at 25.5 %: exactly 5.10; 4.50 € at 13.5 %: 0.535 → 0.54.
        VatOf(helsinki).ShouldBe([(25.5m, 2000L, 510L, 2510L), (13.5m, 396L, 54L, 450L)]);
        paris["total"]!["amount"]!.GetValue<long>().ShouldBe(2960);
        helsinki["total"]!["amount"]!.GetValue<long>().ShouldBe(2960);
        var line = helsinki["lines"]!.AsArray().Single(l => l!["sku"]!.GetValue<string>() == "LAMP-V")!;
        line["taxCategory"]!.GetValue<string>().ShouldBe("Standard");
        line["vatRatePercent"]!.GetValue<decimal>().ShouldBe(25.5m);
    }

    [Fact]
    public async Task The_confirmation_email_lists_the_VAT_per_rate()
    {
        var (id, _) = await BasketAsync(_helsinki);

        var body = (await EmailsAsync(id, "confirmation")).ShouldHaveSingleItem().Body;

        body.ShouldContain("VAT included:");
        body.ShouldContain("25.5%: €20.00 excl. VAT + €5.10 VAT = €25.10");
        body.ShouldContain("13.5%: €3.96 excl. VAT + €0.54 VAT = €4.50");
    }

    [Fact]
    public async Task A_short_pick_recomputes_the_VAT_from_what_is_left()
    {
        var (id, token) = await BasketAsync(_paris);
        var staff = await App.ClientForAsync("staff.vat@o2o.test");
        var lampLine = (await App.CreateClient().GetOrderAsync(id, token))["lines"]!.AsArray().Single(l => l!["sku"]!.GetValue<string>() == "LAMP-V")!["id"];

        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/lines/{lampLine}/short", new { quantity = 1, reason = "Broken" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // One lamp left: 12.55 € at 20 %: 2.0917 → 2.09.
        VatOf(await App.CreateClient().GetOrderAsync(id, token)).ShouldBe([(20m, 1046L, 209L, 1255L), (10m, 409L, 41L, 450L)]);
    }

    [Fact]
    public async Task Collection_queues_one_receipt_in_the_shoppers_language_with_what_was_collected_the_VAT_and_the_amount_taken()
    {
        var (id, token) = await BasketAsync(_paris, "fr");
        var staff = await App.ClientForAsync("staff.vat@o2o.test");
        var placed = await App.CreateClient().GetOrderAsync(id, token);
        var lampLine = placed["lines"]!.AsArray().Single(l => l!["sku"]!.GetValue<string>() == "LAMP-V")!["id"];
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/lines/{lampLine}/short", new { quantity = 1, reason = "Cassée" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();
        App.Clock.Set(Morning.AddMinutes(10));

        var collected = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code });
        collected.StatusCode.ShouldBe(HttpStatusCode.OK, await collected.Content.ReadAsStringAsync());
        var again = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var receipt = (await EmailsAsync(id, ShopperEmails.ReceiptKind)).ShouldHaveSingleItem();
        var number = placed["number"]!.GetValue<string>();
        receipt.Subject.ShouldBe($"Votre ticket de caisse pour la commande {number} chez Store PARVAT");
        var body = Spaced(receipt.Body);
        body.ShouldContain("Vendeur : O2O France SAS");
        body.ShouldContain("N° de TVA intracommunautaire : FR40123456789");
        body.ShouldContain("Magasin : Store PARVAT, 1 Test Street, 00100 Testville");
        body.ShouldContain($"Commande : {number}");
        body.ShouldContain("Retirée le : 10/06/2026 10:10 (UTC+2)");
        body.ShouldContain("1 × Product LAMP-V à 12,55 € = 12,55 € (TVA 20 %)");
        body.ShouldContain("1 × Product TEA-V à 4,50 € = 4,50 € (TVA 10 %)");
        body.ShouldContain("Indisponible, non facturé : 1 × Product LAMP-V");
        body.ShouldContain("Total TTC : 17,05 €");
        body.ShouldContain("20 % : 10,46 € HT + 2,09 € de TVA = 12,55 € TTC");
        body.ShouldContain("10 % : 4,09 € HT + 0,41 € de TVA = 4,50 € TTC");
        body.ShouldContain("Remboursé pour les articles indisponibles : 12,55 €");
        body.ShouldContain("Montant prélevé sur votre paiement : 17,05 €");
    }

    [Fact]
    public async Task A_receipt_is_written_in_Arabic_for_an_order_placed_in_Arabic()
    {
        var (id, token) = await BasketAsync(_helsinki, "ar");
        var staff = await App.ClientForAsync("staff.vat@o2o.test");
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();

        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var receipt = (await EmailsAsync(id, ShopperEmails.ReceiptKind)).ShouldHaveSingleItem();
        receipt.Subject.ShouldStartWith("إيصالك للطلب");
        receipt.Body.ShouldContain("ضريبة القيمة المضافة المشمولة:");
        receipt.Body.ShouldContain("المبلغ المأخوذ من دفعتك:");
        receipt.Body.ShouldNotContain("Amount taken");
        receipt.Body.ShouldNotContain("excl. VAT");
    }

    [Fact]
    public async Task The_outbox_refuses_a_second_receipt_for_the_same_order()
    {
        var (id, _) = await BasketAsync(_paris);

        var second = async () => await App.WithDbAsync(async db =>
        {
            db.Emails.Add(new OutboxEmail("a@b.test", "one", "", ShopperEmails.ReceiptKind, Guid.Parse(id), Morning));
            db.Emails.Add(new OutboxEmail("a@b.test", "two", "", ShopperEmails.ReceiptKind, Guid.Parse(id), Morning));
            await db.SaveChangesAsync();
        });

        await Should.ThrowAsync<DbUpdateException>(second);
    }

    [Fact]
    public async Task The_order_page_and_the_pass_show_the_VAT_per_rate_in_French_and_in_Arabic()
    {
        var (id, token) = await BasketAsync(_helsinki);
        var url = $"/orders/{id}?token={Uri.EscapeDataString(token)}";

        var french = Spaced(WebUtility.HtmlDecode(await PageClient.For(App).GetAsync(url + "&culture=fr")));
        french.ShouldContain("TVA incluse, par taux");
        french.ShouldContain("<th scope=\"row\">25,5 %</th><td>20,00 €</td><td>5,10 €</td><td>25,10 €</td>");
        french.ShouldContain("<th scope=\"row\">13,5 %</th><td>3,96 €</td><td>0,54 €</td><td>4,50 €</td>");

        var arabic = WebUtility.HtmlDecode(await PageClient.For(App).GetAsync(url + "&culture=ar"));
        arabic.ShouldContain("<html lang=\"ar\" dir=\"rtl\">");
        arabic.ShouldContain("ضريبة القيمة المضافة المشمولة، حسب المعدل");
        arabic.ShouldContain("شامل ضريبة القيمة المضافة");
    }

    [Fact]
    public async Task The_staff_order_page_shows_the_VAT_per_rate()
    {
        var (id, _) = await BasketAsync(_helsinki);
        var staff = await PageClient.SignedInAsync(App, "staff.vat@o2o.test");

        var html = WebUtility.HtmlDecode(await staff.GetAsync($"/staff/orders/{id}"));

        html.ShouldContain("VAT included, by rate");
        html.ShouldContain("<th scope=\"row\">25.5%</th><td>€20.00</td><td>€5.10</td><td>€25.10</td>");
    }

    [Fact]
    public async Task Catalog_prices_say_they_include_VAT_in_the_shoppers_language()
    {
        var html = WebUtility.HtmlDecode(await PageClient.For(App).GetAsync($"/products/{_lamp.Id}?culture=de"));

        html.ShouldContain("inkl. MwSt.");
    }

    [Fact]
    public async Task A_store_in_a_country_without_VAT_rates_refuses_the_order_with_a_clear_conflict()
    {
        var berlin = await StoreInAsync("BERVAT", "DE", "Europe/Berlin");
        await App.StockAsync(berlin, _lamp, 5);
        var client = App.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(berlin, await client.FirstSlotAsync(berlin), (_lamp, 1)));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        problem["code"]!.GetValue<string>().ShouldBe("vat_rate_unknown");
        (await App.StockOfAsync(berlin, _lamp)).Reserved.ShouldBe(0);
    }

    [Fact]
    public async Task An_admin_sets_a_products_VAT_category_and_orders_placed_before_keep_their_rate()
    {
        await App.UserAsync("admin.vat@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("admin.vat@o2o.test");
        var (id, token) = await BasketAsync(_paris);
        var body = new { sku = "LAMP-V", name = "Product LAMP-V", description = "", category = "Test", priceAmount = 1255, currency = "EUR" };

        var wrong = await admin.PutAsJsonAsync($"/api/v1/admin/products/{_lamp.Id}", new { body.sku, body.name, body.description, body.category, body.priceAmount, body.currency, taxCategory = "Luxury" });
        (await wrong.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["taxCategory"].ShouldNotBeNull();
        var changed = await admin.PutAsJsonAsync($"/api/v1/admin/products/{_lamp.Id}", new { body.sku, body.name, body.description, body.category, body.priceAmount, body.currency, taxCategory = "Reduced" });

        (await changed.JsonAsync())["taxCategory"]!.GetValue<string>().ShouldBe("Reduced");
        VatOf(await App.CreateClient().GetOrderAsync(id, token))[0].Rate.ShouldBe(20m);
        var (later, laterToken) = await BasketAsync(_paris);
        VatOf(await App.CreateClient().GetOrderAsync(later, laterToken)).ShouldBe([(10m, 409L, 41L, 450L), (5.5m, 2379L, 131L, 2510L)]);
    }
}

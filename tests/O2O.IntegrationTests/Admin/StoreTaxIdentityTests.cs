using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Notifications;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Admin;

/// <summary>
/// The seller a receipt names (ADR 46) is the admin's to enter, on the store page and through the API: a legal name and
/// an EU VAT number of the store's own country, which the next receipt of that store prints.
/// </summary>
public sealed class StoreTaxIdentityTests(O2OApp app) : IntegrationTest(app)
{
    // Wednesday 10 June 2026, 10:00 in Paris.
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private Store _store = null!;
    private HttpClient _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("PARTAX");
        await App.UserAsync("boss.tax@o2o.test", Roles.Admin);
        _admin = await App.ClientForAsync("boss.tax@o2o.test");
    }

    private static Dictionary<string, object?> Body(string country = "FR")
    {
        var body = new Dictionary<string, object?>
        {
            ["code"] = "PARTAX", ["name"] = "Store PARTAX", ["street"] = "1 Rue de Test", ["postalCode"] = "75001", ["city"] = "Paris",
            ["countryCode"] = country, ["latitude"] = 48.86, ["longitude"] = 2.34, ["timeZone"] = "Europe/Paris",
            ["openingHours"] = Enum.GetNames<DayOfWeek>().Select(d => new { day = d, opens = "08:00", closes = "20:00" }).ToArray(),
            ["closures"] = Array.Empty<object>(), ["slotLengthMinutes"] = 30, ["ordersPerSlot"] = 100, ["leadTimeMinutes"] = 60,
            ["bookingHorizonDays"] = 7, ["holdDays"] = 3, ["captureMode"] = "AtOrder", ["pickupPaused"] = false,
        };
        return body;
    }

    private static Dictionary<string, object?> With(Dictionary<string, object?> body, string? legalName, string? vatNumber)
    {
        body["legalName"] = legalName;
        body["vatNumber"] = vatNumber;
        return body;
    }

    private Task<HttpResponseMessage> PutAsync(object body) => _admin.PutAsJsonAsync($"/api/v1/admin/stores/{_store.Id}", body);

    private Task<(string? LegalName, string? VatNumber)> StoredAsync() =>
        App.WithDbAsync(async db => await db.Stores.AsNoTracking().Where(s => s.Id == _store.Id)
            .Select(s => new ValueTuple<string?, string?>(s.LegalName, s.VatNumber)).SingleAsync());

    [Fact]
    public async Task The_api_sets_the_seller_trimmed_and_normalized_keeps_it_when_left_out_and_audits_it()
    {
        var set = await PutAsync(With(Body(), "  O2O France SAS  ", "fr 40.123.456.789"));
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var store = (await set.JsonAsync())["store"]!;
        store["legalName"]!.GetValue<string>().ShouldBe("O2O France SAS");
        store["vatNumber"]!.GetValue<string>().ShouldBe("FR40123456789");

        var kept = await PutAsync(Body());
        kept.StatusCode.ShouldBe(HttpStatusCode.OK, await kept.Content.ReadAsStringAsync());
        (await StoredAsync()).ShouldBe(("O2O France SAS", "FR40123456789"));
        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == "store.update" && a.EntityId == _store.Id.ToString()).OrderBy(a => a.Id).ToListAsync());
        audit.Count.ShouldBe(2);
        audit[0].Before!.ShouldNotContain("FR40123456789");
        audit[0].After!.ShouldContain("FR40123456789");

        var moved = await PutAsync(Body("DE"));
        (await moved.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["vatNumber"].ShouldNotBeNull();

        (await PutAsync(With(Body(), "", ""))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StoredAsync()).ShouldBe((null, null));
    }

    [Theory]
    [InlineData("FR", "FR1")]              // too short after the prefix
    [InlineData("FR", "FR40-123456789")]   // a hyphen is neither a letter nor a digit
    [InlineData("FR", "FR12345678901234")] // 14 after the prefix
    [InlineData("FR", "DE123456789")]      // a German number for a French store
    [InlineData("GR", "GR123456789")]      // Greece's VAT numbers start with EL
    public async Task The_api_refuses_a_malformed_or_foreign_VAT_number_as_a_field_error(string country, string vatNumber)
    {
        var refused = await PutAsync(With(Body(country), "O2O SAS", vatNumber));

        var errors = (await refused.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["vatNumber"]);
        (await StoredAsync()).ShouldBe((null, null));
    }

    [Fact]
    public async Task The_api_takes_a_Greek_number_with_EL_and_refuses_a_legal_name_over_200_characters()
    {
        var greek = await PutAsync(With(Body("GR"), "O2O Hellas", "el 094 014 201"));
        greek.StatusCode.ShouldBe(HttpStatusCode.OK, await greek.Content.ReadAsStringAsync());
        (await StoredAsync()).ShouldBe(("O2O Hellas", "EL094014201"));

        var longName = await PutAsync(With(Body("GR"), new string('A', 201), null));
        (await longName.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["legalName"].ShouldNotBeNull();
        (await PutAsync(With(Body("GR"), " " + new string('A', 200) + " ", null))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_store_page_shows_a_foreign_VAT_number_error_beside_the_field_in_French_then_saves_and_shows_the_seller()
    {
        var admin = await PageClient.SignedInAsync(App, "boss.tax@o2o.test");
        var edit = $"/admin/stores/edit/{_store.Id}";
        (await admin.GetAsync(edit)).ShouldContain("name=\"Form.VatNumber\"");
        var fields = new Dictionary<string, string>
        {
            ["Form.Code"] = "PARTAX", ["Form.Name"] = "Store PARTAX", ["Form.Street"] = "1 Rue de Test", ["Form.PostalCode"] = "75001",
            ["Form.City"] = "Paris", ["Form.CountryCode"] = "FR", ["Form.Latitude"] = "48.86", ["Form.Longitude"] = "2.34",
            ["Form.TimeZone"] = "Europe/Paris", ["Form.SlotLengthMinutes"] = "30", ["Form.OrdersPerSlot"] = "100",
            ["Form.LeadTimeMinutes"] = "60", ["Form.BookingHorizonDays"] = "7", ["Form.HoldDays"] = "3", ["Form.CaptureMode"] = "AtOrder",
            ["Form.LegalName"] = "O2O France SAS", ["Form.VatNumber"] = "DE123456789",
        };
        for (var d = 0; d < 7; d++) fields[$"Form.Hours[{d}]"] = "08:00-20:00";

        var refused = await admin.PostFormAsync(edit + "?culture=fr", edit + "?culture=fr", fields);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        html.ShouldMatch("<span id=\"VatNumber-error\" class=\"field-error\"><span[^>]*>Un numéro de TVA ici commence par FR, suivi de 2 à 13 lettres ou chiffres.</span>");
        html.ShouldContain("Tickets de caisse");
        (await StoredAsync()).ShouldBe((null, null));

        fields["Form.VatNumber"] = "FR 40 123 456 789";
        PageClient.Location(await admin.PostFormAsync(edit, edit, fields));
        (await StoredAsync()).ShouldBe(("O2O France SAS", "FR40123456789"));
        var shown = await admin.GetAsync(edit);
        shown.ShouldContain("value=\"FR40123456789\"");
        shown.ShouldContain("value=\"O2O France SAS\"");
    }

    [Fact]
    public async Task The_receipt_of_an_order_collected_in_the_store_prints_the_seller_the_admin_entered()
    {
        (await PutAsync(With(Body(), "O2O Rivoli SARL", "FR 12 345678901"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var lamp = await App.ProductAsync("LAMP-TAX", 1255);
        await App.StockAsync(_store, lamp, 5);
        await App.UserAsync("staff.tax@o2o.test", Roles.Staff, _store);
        var (id, token) = await App.PaidOrderAsync(_store, (lamp, 1));
        var staff = await App.ClientForAsync("staff.tax@o2o.test");
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();
        App.Clock.Set(Morning.AddMinutes(10));

        var collected = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code });
        collected.StatusCode.ShouldBe(HttpStatusCode.OK, await collected.Content.ReadAsStringAsync());

        var receipt = await App.WithDbAsync(db => db.Emails.AsNoTracking()
            .SingleAsync(e => e.OrderId == Guid.Parse(id) && e.Kind == ShopperEmails.ReceiptKind));
        receipt.Body.ShouldContain("Seller: O2O Rivoli SARL");
        receipt.Body.ShouldContain("VAT number: FR12345678901");
    }
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Admin;

public sealed class AdminPagesTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("PAR99");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
    }

    public static TheoryData<string> Pages() => new()
    {
        "/admin", "/admin/products", "/admin/products/edit", "/admin/products/edit/{product}", "/admin/stores", "/admin/stores/edit/{store}",
        "/admin/stock", "/admin/users", "/admin/payments", "/admin/audit", "/admin/diagnostics",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task AdminPages_OpenForAdmins_AndAreDeniedToStaff(string template)
    {
        var url = template.Replace("{product}", _kettle.Id.ToString()).Replace("{store}", _store.Id.ToString());

        (await (await PageClient.SignedInAsync(App, "boss@o2o.test")).Http.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var denied = await (await PageClient.SignedInAsync(App, "desk@o2o.test")).Http.GetAsync(url);
        denied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        denied.Headers.Location!.OriginalString.ShouldContain("AccessDenied");
    }

    [Fact]
    public async Task TheProductForm_ShowsANegativePriceErrorBesideTheField()
    {
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");

        var response = await admin.PostFormAsync("/admin/products/edit", "/admin/products/edit", new()
        {
            ["Input.Sku"] = "NEW-1", ["Input.Name"] = "New", ["Input.Category"] = "Kitchen", ["Price"] = "-5", ["Input.Currency"] = "EUR",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("id=\"Price-error\" class=\"field-error\"><span class=\"field-validation-error\"");
    }

    [Fact]
    public async Task TheAuditLog_NamesWhatChanged_AndShowsTheChangedFields()
    {
        var api = await App.ClientForAsync("boss@o2o.test");
        (await api.PutAsJsonAsync($"/api/v1/admin/stock/{_store.Id}/{_kettle.Id}", new { onHand = 25 })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var audit = WebUtility.HtmlDecode(await (await PageClient.SignedInAsync(App, "boss@o2o.test")).GetAsync("/admin/audit"));

        audit.ShouldContain("Store stock · Store PAR99 · Product KETTLE (KETTLE)");
        System.Text.RegularExpressions.Regex.Replace(audit, @"\s+", " ").ShouldContain("<li>On hand: <del>10</del> <span aria-hidden=\"true\">→</span> 25</li>");
        audit.ShouldNotContain(_store.Id.ToString());
        audit.ShouldNotContain("{\"onHand\"");
    }

    [Fact]
    public async Task DisablingAUser_AsksForConfirmationFirst()
    {
        var userId = await App.WithDbAsync(db => db.Users.Where(u => u.Email == "desk@o2o.test").Select(u => u.Id).SingleAsync());
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");
        var action = $"/admin/users?handler=Disable&userId={Uri.EscapeDataString(userId)}";

        var asked = await admin.PostFormAsync("/admin/users", action, new() { ["disabled"] = "true" });

        asked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await asked.Content.ReadAsStringAsync()).ShouldContain("Disable desk@o2o.test?");
        (await App.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == userId))).LockoutEnd.ShouldBeNull();

        PageClient.Location(await admin.PostFormAsync("/admin/users", action, new() { ["disabled"] = "true", ["confirmed"] = "true" }));

        (await App.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == userId))).LockoutEnd.ShouldNotBeNull();
    }

    [Fact]
    public async Task TheProductForm_TakesThePriceInEuros_AndStoresCents()
    {
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");

        var response = await admin.PostFormAsync("/admin/products/edit", "/admin/products/edit", new()
        {
            ["Input.Sku"] = "NEW-2", ["Input.Name"] = "New", ["Input.Category"] = "Kitchen", ["Price"] = "12.50", ["Input.Currency"] = "EUR",
        });

        var edit = PageClient.Location(response);
        (await App.WithDbAsync(db => db.Products.SingleAsync(p => p.Sku == "NEW-2"))).PriceAmount.ShouldBe(1250);
        (await admin.GetAsync(edit)).ShouldContain("name=\"Price\" type=\"text\" inputmode=\"decimal\" value=\"12.50\"");
    }

    [Theory]
    [InlineData("12.505")]
    [InlineData("twelve")]
    public async Task TheProductForm_RejectsAPriceThatIsNotAnAmount_BesideTheField(string price)
    {
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");

        var response = await admin.PostFormAsync("/admin/products/edit", "/admin/products/edit", new()
        {
            ["Input.Sku"] = "NEW-3", ["Input.Name"] = "New", ["Input.Category"] = "Kitchen", ["Price"] = price, ["Input.Currency"] = "EUR",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Enter the price with at most 2 decimals, such as 12.50.");
        (await App.WithDbAsync(db => db.Products.AnyAsync(p => p.Sku == "NEW-3"))).ShouldBeFalse();
    }

    [Fact]
    public async Task TheStoreForm_SavesHours_AndRejectsClosingBeforeOpening()
    {
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");
        var url = $"/admin/stores/edit/{_store.Id}";
        var fields = new Dictionary<string, string>
        {
            ["Form.Code"] = "PAR99", ["Form.Name"] = "Store PAR99", ["Form.Street"] = "1 Rue de Test", ["Form.PostalCode"] = "75001", ["Form.City"] = "Paris",
            ["Form.CountryCode"] = "FR", ["Form.Latitude"] = "48.86", ["Form.Longitude"] = "2.34", ["Form.TimeZone"] = "Europe/Paris",
            ["Form.SlotLengthMinutes"] = "15", ["Form.OrdersPerSlot"] = "3", ["Form.LeadTimeMinutes"] = "30", ["Form.BookingHorizonDays"] = "5",
            ["Form.HoldDays"] = "2", ["Form.CaptureMode"] = "AtHandover",
        };
        for (var d = 0; d < 7; d++) fields[$"Form.Hours[{d}]"] = "10:00-12:00, 14:00-18:00";

        PageClient.Location(await admin.PostFormAsync(url, url, fields));
        var slots = (await App.CreateClient().GetJsonAsync($"/api/v1/stores/{_store.Id}/pickup-slots?days=3")).AsArray();
        slots.ShouldAllBe(s => s!["capacity"]!.GetValue<int>() == 3);
        slots.Select(s => s!["start"]!.GetValue<string>().Substring(11, 5)).Distinct().Order().First().ShouldBe("10:00");
        slots.ShouldNotContain(s => s!["start"]!.GetValue<string>().Substring(11, 2) == "12");

        fields["Form.Hours[1]"] = "18:00-09:00";
        var bad = await admin.PostFormAsync(url, url, fields);
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("Closing time must be after opening time.");
    }

    [Fact]
    public async Task TheStockPage_ImportsACsv_AndReportsBadRows()
    {
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");
        var html = await admin.GetAsync("/admin/stock");
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("storeCode,sku,onHand\nPAR99,KETTLE,33\nPAR99,GHOST,1\n"), "file", "stock.csv" },
        };

        var response = await admin.Http.PostAsync($"/admin/stock?handler=Import&storeId={_store.Id}", form);

        var page = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.ShouldContain("Import: 1 applied, 1 rejected");
        page.ShouldContain("Line 3 (PAR99, GHOST, 1): No product has this SKU.");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((33, 0));
    }
}

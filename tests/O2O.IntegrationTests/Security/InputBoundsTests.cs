using System.Net;
using System.Text;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Security;

/// <summary>The inputs that used to answer 500 (an overflow or a null the code never expected) answer 400 naming the field.</summary>
public sealed class InputBoundsTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        // No fixed clock: the page tests sign in, and a cookie dated by a clock in the past would be dropped by the
        // client. Nothing here depends on the time: every input is out of range on any day.
        await base.InitializeAsync();
        _store = await App.StoreAsync("BND01");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
    }

    private static async Task FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull(problem.ToJsonString());
    }

    [Fact]
    public async Task PlaceOrder_WithANullLine_Is400_OnLines()
    {
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(_store);
        var body = $$"""{"storeId":"{{_store.Id}}","pickupSlotStart":"{{slot:O}}","customer":{"email":"ada@example.test","name":"Ada"},"lines":[null]}""";
        await FieldErrorAsync(await client.PostAsync("/api/v1/orders", new StringContent(body, Encoding.UTF8, "application/json")), "lines");
        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Count()))).ShouldBe(0);
    }

    [Fact]
    public async Task PlaceOrder_ForAPickupSlotInYear9999_Is400_OnPickupSlotStart()
    {
        var body = TestData.OrderBody(_store, new DateTimeOffset(9999, 12, 31, 10, 0, 0, TimeSpan.Zero), (_kettle, 1));
        await FieldErrorAsync(await App.CreateClient().PostJsonAsync("/api/v1/orders", body), "pickupSlotStart");
    }

    [Fact]
    public async Task PickupSlots_FromYear9999_Is400_OnFrom() =>
        await FieldErrorAsync(await App.CreateClient().GetAsync($"/api/v1/stores/{_store.Id}/pickup-slots?from=9999-12-31"), "from");

    [Fact]
    public async Task StaffBoard_ForYear9999_Is400OnTheApi_AndAMessageOnThePage()
    {
        await App.UserAsync("bnd-staff@o2o.test", Roles.Staff, _store);
        var staff = await App.ClientForAsync("bnd-staff@o2o.test");
        await FieldErrorAsync(await staff.GetAsync($"/api/v1/staff/stores/{_store.Id}/orders?date=9999-12-31"), "date");

        var page = await PageClient.SignedInAsync(App, "bnd-staff@o2o.test");
        (await page.GetAsync($"/staff/stores/{_store.Id}?date=9999-12-31")).ShouldContain("date must be a date between 2000-01-01 and 2100-12-31.");
        (await page.GetAsync($"/staff/stores/{_store.Id}/picklist?date=0001-01-01")).ShouldContain("date must be a date between");
    }

    [Theory]
    [InlineData("from=9999-12-30&to=9999-12-31", "from")]
    [InlineData("to=9999-12-31", "to")]
    [InlineData("to=0001-01-01", "to")]
    public async Task AdminDashboard_WithDatesInYear9999_Is400OnTheApi_AndAMessageOnThePage(string query, string field)
    {
        await App.UserAsync("bnd-admin@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("bnd-admin@o2o.test");
        await FieldErrorAsync(await admin.GetAsync($"/api/v1/admin/dashboard?{query}"), field);

        var page = await PageClient.SignedInAsync(App, "bnd-admin@o2o.test");
        (await page.GetAsync($"/admin?{query}")).ShouldContain($"{field} must be a date between");
    }

    [Theory]
    [InlineData("/api/v1/products?page=2147483647")]
    [InlineData("/api/v1/admin/products?page=2147483647")]
    [InlineData("/api/v1/admin/audit?page=2147483647")]
    public async Task ListsPagedToInt32Max_Are400_OnPage(string url)
    {
        await App.UserAsync("bnd-admin@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("bnd-admin@o2o.test");
        await FieldErrorAsync(await admin.GetAsync(url), "page");
    }

    [Fact]
    public async Task ProductsPage_PagedToInt32Max_ShowsAMessage_NotAnErrorPage() =>
        (await PageClient.For(App).GetAsync("/products?p=2147483647")).ShouldContain("page must be between 1 and 100000.");

    [Fact]
    public async Task StockImport_WithANulCharacter_Is400_NotAServerError()
    {
        await App.UserAsync("bnd-admin@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("bnd-admin@o2o.test");
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("storeCode,sku,onHand\nBND\u000001,KETTLE,3\n")), "file", "nul.csv" } };
        (await admin.PostAsync("/api/v1/admin/stock/import", form)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

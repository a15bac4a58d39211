using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Admin;

public sealed class AdminApiTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;
    private HttpClient _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("PAR99");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        _admin = await App.ClientForAsync("boss@o2o.test");
    }

    public static TheoryData<string, string> AdminRoutes() => new()
    {
        { "GET", "/api/v1/admin/products" }, { "POST", "/api/v1/admin/products" }, { "PUT", "/api/v1/admin/products/{product}" },
        { "POST", "/api/v1/admin/products/{product}/archive" }, { "POST", "/api/v1/admin/products/{product}/image" },
        { "POST", "/api/v1/admin/categories/rename" }, { "POST", "/api/v1/admin/stores" }, { "PUT", "/api/v1/admin/stores/{store}" },
        { "GET", "/api/v1/admin/stores/{store}/orphaned-orders" }, { "PUT", "/api/v1/admin/stock/{store}/{product}" },
        { "POST", "/api/v1/admin/stock/import" }, { "POST", "/api/v1/admin/stock-sync" }, { "GET", "/api/v1/admin/users" },
        { "POST", "/api/v1/admin/users" }, { "GET", "/api/v1/admin/audit" }, { "GET", "/api/v1/admin/dashboard" }, { "GET", "/api/v1/admin/invariants" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task EveryAdminRoute_Is401ForAnonymous_And403ForStaffAndShoppers(string method, string template)
    {
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
        await App.UserAsync("sam@o2o.test", Roles.Shopper);
        var url = template.Replace("{product}", _kettle.Id.ToString()).Replace("{store}", _store.Id.ToString());

        HttpContent Body() => url.EndsWith("/image", StringComparison.Ordinal) || url.EndsWith("/import", StringComparison.Ordinal)
            ? new MultipartFormDataContent { { new StringContent("x"), "file", "x.csv" } }
            : new StringContent("{}", Encoding.UTF8, "application/json");
        async Task<HttpStatusCode> Call(HttpClient client) =>
            (await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = Body() })).StatusCode;

        (await Call(App.CreateClient())).ShouldBe(HttpStatusCode.Unauthorized);
        (await Call(await App.ClientForAsync("desk@o2o.test"))).ShouldBe(HttpStatusCode.Forbidden);
        (await Call(await App.ClientForAsync("sam@o2o.test"))).ShouldBe(HttpStatusCode.Forbidden);
        (await App.WithDbAsync(db => Task.FromResult(db.Products.Count()))).ShouldBe(1);
    }

    [Fact]
    public async Task CreateProduct_Works_AndRejectsNegativePricesAndDuplicateSkus()
    {
        var created = await _admin.PostJsonAsync("/api/v1/admin/products", new { sku = "mug-01", name = "Mug", description = "", category = "Kitchen", priceAmount = 650, currency = "EUR" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        (await created.JsonAsync())["sku"]!.GetValue<string>().ShouldBe("MUG-01");

        var negative = await _admin.PostJsonAsync("/api/v1/admin/products", new { sku = "X1", name = "X", category = "K", priceAmount = -1, currency = "EUR" });
        (await negative.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["priceAmount"].ShouldNotBeNull();
        var duplicate = await _admin.PostJsonAsync("/api/v1/admin/products", new { sku = "KETTLE", name = "Copy", category = "K", priceAmount = 1, currency = "EUR" });
        (await duplicate.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["sku"].ShouldNotBeNull();
        var badCurrency = await _admin.PostJsonAsync("/api/v1/admin/products", new { sku = "X2", name = "X", category = "K", priceAmount = 1, currency = "euro" });
        (await badCurrency.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["currency"].ShouldNotBeNull();
    }

    [Fact]
    public async Task APriceChange_NeverAltersAnOrderAlreadyPlaced()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 2));

        var updated = await _admin.PutAsJsonAsync($"/api/v1/admin/products/{_kettle.Id}", new { sku = "KETTLE", name = "Kettle", description = "", category = "Kitchen", priceAmount = 9990, currency = "EUR" });

        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        var order = await App.CreateClient().GetOrderAsync(id, token);
        order["total"]!["amount"]!.GetValue<long>().ShouldBe(6980);
        order["lines"]![0]!["unitPrice"]!["amount"]!.GetValue<long>().ShouldBe(3490);
        (await App.CreateClient().GetJsonAsync($"/api/v1/products/{_kettle.Id}"))["price"]!["amount"]!.GetValue<long>().ShouldBe(9990);
    }

    [Fact]
    public async Task ArchivingAProduct_HidesItFromTheShop()
    {
        (await _admin.PostJsonAsync($"/api/v1/admin/products/{_kettle.Id}/archive", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await App.CreateClient().GetAsync($"/api/v1/products/{_kettle.Id}")).ProblemAsync(HttpStatusCode.NotFound);
        (await App.CreateClient().GetJsonAsync("/api/v1/products"))["totalCount"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task ImageUpload_AcceptsARealImage_AndRejectsOtherFilesAndOversizedOnes()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
        async Task<HttpResponseMessage> Upload(byte[] bytes, string name, string type)
        {
            var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            content.Add(file, "image", name);
            return await _admin.PostAsync($"/api/v1/admin/products/{_kettle.Id}/image", content);
        }

        var ok = await Upload(png, "kettle.png", "image/png");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        var url = (await ok.JsonAsync())["imageUrl"]!.GetValue<string>();
        var served = await App.CreateClient().GetAsync(url);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(png);

        var text = await Upload(Encoding.UTF8.GetBytes("<script>alert(1)</script>"), "evil.png", "image/png");
        (await text.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["image"].ShouldNotBeNull();
        var big = await Upload([.. png, .. new byte[3 * 1024 * 1024]], "huge.png", "image/png");
        (await big.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["image"].ShouldNotBeNull();
    }

    private object StoreBody(object[] hours, string timeZone = "Europe/Paris", int ordersPerSlot = 4, string code = "PAR99") => new
    {
        code, name = $"Store {code}", street = "1 Rue de Test", postalCode = "75001", city = "Paris", countryCode = "FR",
        latitude = 48.86, longitude = 2.34, timeZone, openingHours = hours, closures = Array.Empty<object>(),
        slotLengthMinutes = 30, ordersPerSlot, leadTimeMinutes = 60, bookingHorizonDays = 7, holdDays = 3, captureMode = "AtOrder", pickupPaused = false,
    };

    private static object[] AllWeek(string opens, string closes) =>
        Enum.GetNames<DayOfWeek>().Select(d => (object)new { day = d, opens, closes }).ToArray();

    [Fact]
    public async Task ANewStore_IsListedInAvailabilityAtOnce_ThoughTheStoreDirectoryIsCached()
    {
        var anonymous = App.CreateClient();
        var url = $"/api/v1/products/{_kettle.Id}/availability?lat=48.86&lon=2.34";
        (await anonymous.GetJsonAsync(url)).AsArray().Count.ShouldBe(1); // the directory is now cached

        var created = await _admin.PostAsJsonAsync("/api/v1/admin/stores", StoreBody(AllWeek("09:00", "18:00"), code: "PAR98"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var stores = (await anonymous.GetJsonAsync(url)).AsArray();
        stores.Select(s => s!["storeName"]!.GetValue<string>()).ShouldContain("Store PAR98");
        stores.Single(s => s!["storeName"]!.GetValue<string>() == "Store PAR98")!["available"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task StoreHours_ClosingBeforeOpening_Overlapping_OrAnUnknownTimeZone_AreFieldErrors()
    {
        var backwards = await _admin.PutAsJsonAsync($"/api/v1/admin/stores/{_store.Id}", StoreBody([new { day = "Monday", opens = "18:00", closes = "09:00" }]));
        (await backwards.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key).ShouldContain(k => k.StartsWith("openingHours"));

        var overlap = await _admin.PutAsJsonAsync($"/api/v1/admin/stores/{_store.Id}",
            StoreBody([new { day = "Monday", opens = "09:00", closes = "13:00" }, new { day = "Monday", opens = "12:00", closes = "18:00" }]));
        (await overlap.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["openingHours"].ShouldNotBeNull();

        var zone = await _admin.PutAsJsonAsync($"/api/v1/admin/stores/{_store.Id}", StoreBody(AllWeek("09:00", "18:00"), "Mars/Base"));
        (await zone.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["timeZone"].ShouldNotBeNull();
    }

    [Fact]
    public async Task EditingHours_ChangesTheSlots_AndListsBookedOrdersOutsideTheNewSchedule_WithoutDroppingThem()
    {
        var (id, _) = await App.PaidOrderAsync(_store, (_kettle, 1)); // booked in an 08:00–20:00 schedule
        var before = (await App.CreateClient().GetJsonAsync($"/api/v1/stores/{_store.Id}/pickup-slots?days=3")).AsArray().Count;

        var response = await _admin.PutAsJsonAsync($"/api/v1/admin/stores/{_store.Id}", StoreBody(AllWeek("21:00", "22:00"), ordersPerSlot: 9));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var saved = await response.JsonAsync();
        saved["ordersOutsideNewSchedule"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(id);
        var slots = (await App.CreateClient().GetJsonAsync($"/api/v1/stores/{_store.Id}/pickup-slots?days=3")).AsArray();
        slots.Count.ShouldBeLessThan(before);
        slots.ShouldAllBe(s => s!["capacity"]!.GetValue<int>() == 9 && s["start"]!.GetValue<string>().Contains("T21:"));
        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Single().Status.ToString()))).ShouldBe("Paid");
        (await _admin.GetJsonAsync($"/api/v1/admin/stores/{_store.Id}/orphaned-orders")).AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task SetStock_BelowWhatLiveOrdersHold_IsRejected_AndNegativeIsAFieldError()
    {
        await App.PaidOrderAsync(_store, (_kettle, 4));

        var below = await _admin.PutAsJsonAsync($"/api/v1/admin/stock/{_store.Id}/{_kettle.Id}", new { onHand = 3 });
        (await below.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["onHand"].ShouldNotBeNull();
        var negative = await _admin.PutAsJsonAsync($"/api/v1/admin/stock/{_store.Id}/{_kettle.Id}", new { onHand = -1 });
        (await negative.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["onHand"].ShouldNotBeNull();
        var ok = await _admin.PutAsJsonAsync($"/api/v1/admin/stock/{_store.Id}/{_kettle.Id}", new { onHand = 4 });

        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((4, 4));
    }

    [Fact]
    public async Task StockSync_AppliesOrRejectsEachItem_NeverBelowReserved_AndAReplayChangesNothing()
    {
        var mug = await App.ProductAsync("MUG");
        await App.PaidOrderAsync(_store, (_kettle, 5));
        var body = new
        {
            batchId = "pos-2026-11-22-001",
            items = new object[]
            {
                new { storeCode = "par99", sku = "mug", onHand = 7 },
                new { storeCode = "PAR99", sku = "KETTLE", onHand = 2 },
                new { storeCode = "NOPE", sku = "MUG", onHand = 1 },
                new { storeCode = "PAR99", sku = "NOPE", onHand = 1 },
                new { storeCode = "PAR99", sku = "MUG", onHand = -3 },
            },
        };

        var first = await (await _admin.PostJsonAsync("/api/v1/admin/stock-sync", body)).JsonAsync();
        first["applied"]!.GetValue<int>().ShouldBe(1);
        first["rejected"]!.GetValue<int>().ShouldBe(4);
        first["items"]!.AsArray().Select(i => i!["reason"]?.GetValue<string>()).ShouldBe([null, "below_reserved", "unknown_store", "unknown_sku", "negative_on_hand"]);
        (await App.StockOfAsync(_store, mug)).ShouldBe((7, 0));
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 5));

        await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "UPDATE store_stock SET on_hand = 40 WHERE reserved = 0"));
        var replay = await (await _admin.PostJsonAsync("/api/v1/admin/stock-sync", body)).JsonAsync();

        replay["replayed"]!.GetValue<bool>().ShouldBeTrue();
        replay["applied"]!.GetValue<int>().ShouldBe(1);
        (await App.StockOfAsync(_store, mug)).ShouldBe((40, 0)); // the replay did not write 7 again
    }

    [Fact]
    public async Task StockSync_WithoutABatchIdOrItems_Is400()
    {
        var problem = await (await _admin.PostJsonAsync("/api/v1/admin/stock-sync", new { items = Array.Empty<object>() })).ProblemAsync(HttpStatusCode.BadRequest);

        problem["errors"]!["batchId"].ShouldNotBeNull();
        problem["errors"]!["items"].ShouldNotBeNull();
    }

    private Task<HttpResponseMessage> ImportAsync(string csv)
    {
        var content = new MultipartFormDataContent { { new StringContent(csv, Encoding.UTF8, "text/csv"), "file", "stock.csv" } };
        return _admin.PostAsync("/api/v1/admin/stock/import", content);
    }

    [Fact]
    public async Task CsvImport_WithWrongColumns_IsRejectedWhole()
    {
        var response = await ImportAsync("store,sku,qty\nPAR99,KETTLE,3\n");

        (await response.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["file"].ShouldNotBeNull();
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 0));
    }

    [Fact]
    public async Task CsvImport_AppliesValidRows_AndReportsEachBadRowByLine()
    {
        var response = await ImportAsync("storeCode,sku,onHand\r\nPAR99,KETTLE,25\r\nPAR99,KETTLE,abc\r\nXXX,KETTLE,1\r\n");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.JsonAsync();
        result["applied"]!.GetValue<int>().ShouldBe(1);
        var rejected = result["items"]!.AsArray().Where(i => i!["status"]!.GetValue<string>() == "rejected").ToList();
        rejected.Select(i => i!["line"]!.GetValue<int>()).ShouldBe([3, 4]);
        rejected.Select(i => i!["reason"]!.GetValue<string>()).ShouldBe(["invalid_on_hand", "unknown_store"]);
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((25, 0));
    }

    [Fact]
    public async Task Users_CanBeInvited_AssignedToStores_AndDisabled()
    {
        var invited = await _admin.PostJsonAsync("/api/v1/admin/users", new { email = "new.staff@o2o.test", name = "New Staff", roles = new[] { "Staff" }, storeIds = new[] { _store.Id } });
        invited.StatusCode.ShouldBe(HttpStatusCode.Created, await invited.Content.ReadAsStringAsync());
        var user = await invited.JsonAsync();
        user["storeCodes"]!.AsArray().Single()!.GetValue<string>().ShouldBe("PAR99");
        (await App.WithDbAsync(db => Task.FromResult(db.Emails.Single().Kind))).ShouldBe("invite");

        var bad = await _admin.PostJsonAsync("/api/v1/admin/users", new { email = "x@o2o.test", name = "X", roles = new[] { "Wizard" } });
        (await bad.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["roles"].ShouldNotBeNull();

        var id = user["id"]!.GetValue<string>();
        var disabled = await (await _admin.PostJsonAsync($"/api/v1/admin/users/{id}/disable", new { })).JsonAsync();
        disabled["disabled"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task ADisabledAccount_CannotSignIn()
    {
        var id = await App.UserAsync("leaver@o2o.test", Roles.Staff, _store);
        (await _admin.PostJsonAsync($"/api/v1/admin/users/{id}/disable", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var login = await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = "leaver@o2o.test", password = "Demo-pass-1" });

        login.StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheAuditLog_RecordsStaffAndAdminActions_WithBeforeAndAfter_AndFilters()
    {
        await _admin.PutAsJsonAsync($"/api/v1/admin/stock/{_store.Id}/{_kettle.Id}", new { onHand = 12 });
        var (id, _) = await App.PaidOrderAsync(_store, (_kettle, 1));
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
        await (await App.ClientForAsync("desk@o2o.test")).PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { });

        var all = await _admin.GetJsonAsync("/api/v1/admin/audit");
        var stock = await _admin.GetJsonAsync("/api/v1/admin/audit?action=stock.");
        var desk = await _admin.GetJsonAsync("/api/v1/admin/audit?actor=desk@o2o.test");

        all["totalCount"]!.GetValue<int>().ShouldBe(2);
        var stockEntry = stock["items"]!.AsArray().Single()!;
        stockEntry["actor"]!.GetValue<string>().ShouldBe("boss@o2o.test");
        JsonNode.Parse(stockEntry["before"]!.GetValue<string>())!["onHand"]!.GetValue<int>().ShouldBe(10);
        JsonNode.Parse(stockEntry["after"]!.GetValue<string>())!["onHand"]!.GetValue<int>().ShouldBe(12);
        desk["items"]!.AsArray().Single()!["action"]!.GetValue<string>().ShouldBe("order.ready");
    }

    [Fact]
    public async Task TheDashboard_CountsOrdersRevenueAndTopProducts()
    {
        await App.PaidOrderAsync(_store, (_kettle, 2));
        await App.PaidOrderAsync(_store, (_kettle, 1));

        var dashboard = await _admin.GetJsonAsync("/api/v1/admin/dashboard");

        var store = dashboard["stores"]!.AsArray().Single()!;
        store["orders"]!.GetValue<int>().ShouldBe(2);
        store["revenue"]!.AsArray().Single()!["amount"]!.GetValue<long>().ShouldBe(3 * 3490);
        dashboard["topProducts"]![0]!["units"]!.GetValue<long>().ShouldBe(3);
        dashboard["days"]!.AsArray().Single()!["orders"]!.GetValue<int>().ShouldBe(2);
    }
}

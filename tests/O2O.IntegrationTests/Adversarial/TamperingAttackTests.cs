using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Adversarial;

/// <summary>Orders whose body says more, less or other than the API takes: prices, quantities, sizes, shapes.</summary>
[Trait("Category", "Adversarial")]
public sealed class TamperingAttackTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;
    private DateTimeOffset _slot;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync();
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 200);
        _slot = await App.CreateClient().FirstSlotAsync(_store);
    }

    private JsonObject Body(params JsonObject[] lines) => new()
    {
        ["storeId"] = _store.Id,
        ["pickupSlotStart"] = _slot,
        ["customer"] = new JsonObject { ["email"] = "ada@example.test", ["name"] = "Ada Lovelace" },
        ["lines"] = new JsonArray([.. lines]),
    };

    private JsonObject Line(object quantity, Guid? product = null) =>
        new() { ["productId"] = product ?? _kettle.Id, ["quantity"] = JsonValue.Create(quantity) };

    private Task<HttpResponseMessage> PostAsync(string json) =>
        App.CreateClient().PostAsync("/api/v1/orders", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task RefusedAndNothingChangedAsync(string json, params HttpStatusCode[] expected)
    {
        var before = await App.FingerprintAsync();
        await (await PostAsync(json)).ShouldBeRefusedAsync(expected.Length == 0 ? [HttpStatusCode.BadRequest] : expected);
        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public async Task PricesTotalsStatusAndOwner_SentByTheClient_AreIgnored()
    {
        var body = Body(Line(2));
        body["lines"]![0]!["unitPrice"] = new JsonObject { ["amount"] = 1, ["currency"] = "EUR" };
        body["lines"]![0]!["unitPriceAmount"] = 1;
        body["total"] = new JsonObject { ["amount"] = 1, ["currency"] = "EUR" };
        body["totalAmount"] = 1;
        body["status"] = "Paid";
        body["userId"] = await App.UserAsync("victim@o2o.test", Roles.Shopper);
        body["pickupCode"] = "AAAAAA";

        var response = await PostAsync(body.ToJsonString());

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = Guid.Parse((await response.JsonAsync())["id"]!.GetValue<string>());
        var order = await App.WithDbAsync(db => Task.FromResult(db.Orders.Single(o => o.Id == id)));
        (order.TotalAmount, order.Status.ToString(), order.UserId, order.PickupCode).ShouldBe((6980L, "PendingPayment", (string?)null, (string?)null));
    }

    public static TheoryData<object> BadQuantities() => new() { 0, -1, 100, int.MaxValue, int.MinValue, 1.5, true };

    [Theory]
    [MemberData(nameof(BadQuantities))]
    public Task AQuantityOutsideOneTo99_IsRefused(object quantity) => RefusedAndNothingChangedAsync(Body(Line(quantity)).ToJsonString());

    [Fact]
    public async Task FiveHundredLines_AreRefused()
    {
        var lines = Enumerable.Range(0, 500).Select(_ => Line(1, Guid.CreateVersion7())).ToArray();
        await RefusedAndNothingChangedAsync(Body(lines).ToJsonString());
    }

    [Fact]
    public Task TheSameProductOnTwoLines_IsRefused() => RefusedAndNothingChangedAsync(Body(Line(50), Line(50)).ToJsonString());

    [Fact]
    public Task AProductTheStoreDoesNotStock_IsRefused() =>
        RefusedAndNothingChangedAsync(Body(Line(1, Guid.CreateVersion7())).ToJsonString(), HttpStatusCode.BadRequest, HttpStatusCode.Conflict);

    [Fact]
    public Task ASlotOffTheStoresGrid_IsRefused()
    {
        var body = Body(Line(1));
        body["pickupSlotStart"] = _slot.AddMinutes(7);
        return RefusedAndNothingChangedAsync(body.ToJsonString());
    }

    public static TheoryData<string> MalformedBodies() => new()
    {
        "{not json",
        "{\"storeId\":",
        "[]",
        "\"an order\"",
        "{\"storeId\":\"not-a-guid\"}",
        "{\"storeId\":123,\"lines\":{}}",
        "{\"lines\":[{\"productId\":\"x\",\"quantity\":\"many\"}]}",
        "{\"customer\":[1,2,3]}",
        new string('[', 100_000) + new string(']', 100_000),
        "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_001),
        "\uFEFF\u0000{}",
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public Task MalformedOrDeeplyNestedJson_IsA400_NeverA500(string json) => RefusedAndNothingChangedAsync(json);

    [Fact]
    public Task ATenMegabyteBody_IsRefused()
    {
        var body = Body(Line(1));
        body["customer"]!["name"] = new string('A', 10 * 1024 * 1024);
        return RefusedAndNothingChangedAsync(body.ToJsonString(), HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("?page=0")]
    [InlineData("?page=-5")]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=1000000")]
    [InlineData("?pageSize=-1")]
    public async Task PagesOutsideTheirBounds_AreA400(string query) =>
        await (await App.CreateClient().GetAsync("/api/v1/products" + query)).ShouldBeRefusedAsync(HttpStatusCode.BadRequest);

    [Fact]
    public async Task StaffCannotShortMoreUnitsThanTheLineHas_OrSetNegativeStock()
    {
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
        await App.UserAsync("admin@o2o.test", Roles.Admin);
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 2));
        var lineId = (await App.CreateClient().GetOrderAsync(id, token))["lines"]![0]!["id"]!.GetValue<string>();
        var desk = await App.ClientForAsync("desk@o2o.test");
        var admin = await App.ClientForAsync("admin@o2o.test");
        var before = await App.FingerprintAsync();

        foreach (var quantity in new[] { 3, 0, -1, int.MaxValue })
            await (await desk.PostJsonAsync($"/api/v1/staff/orders/{id}/lines/{lineId}/short", new { quantity, reason = "gone" }))
                .ShouldBeRefusedAsync(HttpStatusCode.BadRequest, HttpStatusCode.Conflict);
        foreach (var onHand in new[] { -1, int.MinValue, 1 }) // 1 is below the 2 units reserved
            await (await admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/stock/{_store.Id}/{_kettle.Id}")
                { Content = System.Net.Http.Json.JsonContent.Create(new { onHand }) })).ShouldBeRefusedAsync(HttpStatusCode.BadRequest, HttpStatusCode.Conflict);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }
}

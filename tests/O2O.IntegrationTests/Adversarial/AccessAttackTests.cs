using System.Net;
using System.Net.Http.Headers;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Adversarial;

/// <summary>Tokens that are not what they claim, other shoppers' orders, other stores' staff, and roles not held.</summary>
[Trait("Category", "Adversarial")]
public sealed class AccessAttackTests(O2OApp app) : IntegrationTest(app)
{
    private Store _home = null!;
    private Product _kettle = null!;
    private string _orderId = "";
    private string _orderToken = "";
    private string _lineId = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _home = await App.StoreAsync("HOME1");
        var away = await App.StoreAsync("AWAY1");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_home, _kettle, 10);
        await App.UserAsync("staff.home@o2o.test", Roles.Staff, _home);
        await App.UserAsync("staff.away@o2o.test", Roles.Staff, away);
        await App.UserAsync("owner@o2o.test", Roles.Shopper);
        await App.UserAsync("intruder@o2o.test", Roles.Shopper);
        await App.UserAsync("admin@o2o.test", Roles.Admin);
        var owner = await App.ClientForAsync("owner@o2o.test");
        var order = await owner.PlaceOrderAsync(TestData.OrderBody(_home, await owner.FirstSlotAsync(_home), (_kettle, 2)));
        (_orderId, _orderToken) = (order["id"]!.GetValue<string>(), order["accessToken"]!.GetValue<string>());
        (await owner.PostJsonAsync($"/api/v1/payments/simulated/{_orderId}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        _lineId = (await owner.GetJsonAsync($"/api/v1/orders/{_orderId}"))["lines"]![0]!["id"]!.GetValue<string>();
    }

    /// <summary>Every state-changing call an attacker might try on the order, with its body.</summary>
    private IEnumerable<(HttpMethod Method, string Url, object? Body)> Attacks() =>
    [
        (HttpMethod.Post, $"/api/v1/orders/{_orderId}/cancel", new { reason = "not mine" }),
        (HttpMethod.Post, $"/api/v1/staff/orders/{_orderId}/ready", new { }),
        (HttpMethod.Post, $"/api/v1/staff/orders/{_orderId}/lines/{_lineId}/short", new { quantity = 1, reason = "gone" }),
        (HttpMethod.Post, $"/api/v1/staff/orders/{_orderId}/no-show", new { }),
        (HttpMethod.Put, $"/api/v1/admin/stock/{_home.Id}/{_kettle.Id}", new { onHand = 0 }),
        (HttpMethod.Post, "/api/v1/admin/products", new { sku = "EVIL", name = "Evil", description = "", category = "X", priceAmount = 1, currency = "EUR" }),
        (HttpMethod.Delete, "/api/v1/me", new { password = "Demo-pass-1" }),
    ];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? body, string? orderToken = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        if (orderToken is not null) request.Headers.Add("X-Order-Token", orderToken);
        return await client.SendAsync(request);
    }

    public static TheoryData<string> ForgedTokens() => new()
    {
        "not-a-token",
        "CfDJ8" + new string('A', 300),
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJBZG1pbiJ9.",
    };

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task AForgedBearerToken_Gets401_Everywhere_AndChangesNothing(string token)
    {
        var client = App.CreateClient().As(token);
        var before = await App.FingerprintAsync();

        foreach (var (method, url, body) in Attacks().Where(a => !a.Url.Contains("/cancel", StringComparison.Ordinal)))
            await (await SendAsync(client, method, url, body)).ShouldBeRefusedAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/v1/me/data")).ShouldBeRefusedAsync(HttpStatusCode.Unauthorized);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public async Task AGenuineTokenWithOneCharacterChanged_Gets401()
    {
        var token = await App.CreateClient().BearerTokenAsync("admin@o2o.test");
        var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        await (await App.CreateClient().As(tampered).GetAsync("/api/v1/admin/users")).ShouldBeRefusedAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnOrdersAccessToken_IsNotABearerToken()
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _orderToken);

        await (await client.GetAsync($"/api/v1/staff/stores/{_home.Id}/orders")).ShouldBeRefusedAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnotherShopper_CannotSeeOrCancelTheOrder_NorUseTheirOwnOrdersTokenOnIt()
    {
        var intruder = await App.ClientForAsync("intruder@o2o.test");
        var theirs = await intruder.PlaceOrderAsync(TestData.OrderBody(_home, await intruder.FirstSlotAsync(_home), (_kettle, 1)));
        var theirToken = theirs["accessToken"]!.GetValue<string>();
        var before = await App.FingerprintAsync();

        await (await intruder.GetAsync($"/api/v1/orders/{_orderId}")).ShouldBeRefusedAsync(HttpStatusCode.NotFound);
        await (await SendAsync(intruder, HttpMethod.Post, $"/api/v1/orders/{_orderId}/cancel", new { })).ShouldBeRefusedAsync(HttpStatusCode.NotFound);
        await (await SendAsync(intruder, HttpMethod.Get, $"/api/v1/orders/{_orderId}", null, theirToken)).ShouldBeRefusedAsync(HttpStatusCode.NotFound);
        await (await SendAsync(App.CreateClient(), HttpMethod.Post, $"/api/v1/orders/{_orderId}/cancel", new { }, theirToken))
            .ShouldBeRefusedAsync(HttpStatusCode.NotFound);
        // The intruder's data download holds nothing of the owner's.
        (await intruder.GetJsonAsync("/api/v1/me/data")).ToJsonString().ShouldNotContain(_orderId);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public async Task AnotherStoresStaff_GetNotFound_ForEveryMoveOnTheOrder_AndChangeNothing()
    {
        var away = await App.ClientForAsync("staff.away@o2o.test");
        var before = await App.FingerprintAsync();

        foreach (var (method, url, body) in Attacks().Where(a => a.Url.Contains("/orders/", StringComparison.Ordinal)))
            await (await SendAsync(away, method, url, body)).ShouldBeRefusedAsync(HttpStatusCode.NotFound);
        await (await away.GetAsync($"/api/v1/staff/stores/{_home.Id}/orders")).ShouldBeRefusedAsync(HttpStatusCode.NotFound);
        await (await away.GetAsync($"/api/v1/orders/{_orderId}")).ShouldBeRefusedAsync(HttpStatusCode.NotFound);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }

    [Theory]
    [InlineData("intruder@o2o.test")]
    [InlineData("staff.home@o2o.test")]
    public async Task NoOneButAnAdmin_ChangesRolesStockOrCatalog_NotEvenTheirOwnRoles(string email)
    {
        var client = await App.ClientForAsync(email);
        var self = (await App.CreateClient().As(await App.CreateClient().BearerTokenAsync("admin@o2o.test")).GetJsonAsync($"/api/v1/admin/users?search={email}"))
            .AsArray().Single()!["id"]!.GetValue<string>();
        var before = await App.FingerprintAsync();

        await (await SendAsync(client, HttpMethod.Put, $"/api/v1/admin/users/{self}", new { roles = new[] { "Admin" }, storeIds = Array.Empty<Guid>() }))
            .ShouldBeRefusedAsync(HttpStatusCode.Forbidden);
        await (await SendAsync(client, HttpMethod.Post, "/api/v1/admin/users", new { email = "sock@o2o.test", name = "Sock", roles = new[] { "Admin" } }))
            .ShouldBeRefusedAsync(HttpStatusCode.Forbidden);
        foreach (var (method, url, body) in Attacks().Where(a => a.Url.Contains("/admin/", StringComparison.Ordinal)))
            await (await SendAsync(client, method, url, body)).ShouldBeRefusedAsync(HttpStatusCode.Forbidden);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public async Task AShopper_CannotUseTheStaffDesk()
    {
        var shopper = await App.ClientForAsync("intruder@o2o.test");
        var before = await App.FingerprintAsync();

        foreach (var (method, url, body) in Attacks().Where(a => a.Url.Contains("/staff/", StringComparison.Ordinal)))
            await (await SendAsync(shopper, method, url, body)).ShouldBeRefusedAsync(HttpStatusCode.Forbidden);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }

    // A bearer token is checked against the account at most a minute apart (ADR 22): past that minute the member's
    // token carries the roles the account has now, even while the admin leaves the store assignment in place.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ADemotedStaffMember_SignedInBeforeTheChange_LosesTheDeskWithinAMinute(bool keepsTheStore)
    {
        var staff = await App.ClientForAsync("staff.home@o2o.test");
        var admin = await App.ClientForAsync("admin@o2o.test");
        var id = (await admin.GetJsonAsync("/api/v1/admin/users?search=staff.home")).AsArray().Single()!["id"]!.GetValue<string>();
        var stores = keepsTheStore ? new[] { _home.Id } : [];
        (await SendAsync(admin, HttpMethod.Put, $"/api/v1/admin/users/{id}", new { roles = new[] { "Shopper" }, storeIds = stores }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await App.FingerprintAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(61));

        await (await SendAsync(staff, HttpMethod.Post, $"/api/v1/staff/orders/{_orderId}/ready", new { }))
            .ShouldBeRefusedAsync(HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Security;

/// <summary>Each door refuses the request past its budget: 429 problem+json with Retry-After on the API, words on a page.</summary>
public sealed class RateLimitTests(RateLimitedApp fixture) : RateLimitedTest(fixture)
{
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync();
        _kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(_store, _kettle, 100);
    }

    private HttpClient Client(string? address = null) => RateLimitedApp.From(App.CreateClient(), address ?? RateLimitedApp.FreshAddress());

    private PageClient Page(string? address = null)
    {
        var page = PageClient.For(App);
        RateLimitedApp.From(page.Http, address ?? RateLimitedApp.FreshAddress());
        return page;
    }

    private static async Task<int> RetryAfterOfRefusalAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.TooManyRequests);
        problem["title"]!.GetValue<string>().ShouldStartWith("Too many attempts.");
        var seconds = int.Parse(response.Headers.GetValues("Retry-After").Single());
        seconds.ShouldBeGreaterThan(0);
        return seconds;
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = Client();
        return client.As(await client.BearerTokenAsync(email));
    }

    private async Task<JsonNode> PlaceAsync(HttpClient client) =>
        await client.PlaceOrderAsync(TestData.OrderBody(_store, await client.FirstSlotAsync(_store), (_kettle, 1)));

    [Fact]
    public async Task SignIn_FromOneAddress_IsRefusedBeforeItCanLockTheAccount()
    {
        await App.UserAsync("shopper@o2o.test", Roles.Shopper);
        var attacker = Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
            statuses.Add((await attacker.PostJsonAsync("/api/v1/auth/login", new { email = "shopper@o2o.test", password = "guess" + i })).StatusCode);

        statuses.Count(s => s == HttpStatusCode.Unauthorized).ShouldBeLessThan(5);
        await RetryAfterOfRefusalAsync(await attacker.PostJsonAsync("/api/v1/auth/login", new { email = "shopper@o2o.test", password = "guess" }));
        // The shopper, from home, is not locked out: the attacker never got to the fifth failure.
        (await Client().PostJsonAsync("/api/v1/auth/login", new { email = "shopper@o2o.test", password = "Demo-pass-1" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignInPage_WhenRefused_SaysSoInWords()
    {
        var page = Page();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
            last = await page.PostFormAsync("/Account/Login", "/Account/Login", new() { ["Input.Email"] = "nobody@o2o.test", ["Input.Password"] = "guess" });

        last.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        last.Headers.RetryAfter.ShouldNotBeNull();
        var html = await last.Content.ReadAsStringAsync();
        html.ShouldContain("Too many attempts");
        html.ShouldContain("try again");
    }

    [Fact]
    public async Task Register_FromOneAddress_IsRefusedPastItsBudget()
    {
        var page = Page();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedApp.PerAddress; i++)
            statuses.Add((await page.PostFormAsync("/Account/Register", "/Account/Register",
                new() { ["Input.Name"] = "Bot", ["Input.Email"] = $"bot{i}@example.test", ["Input.Password"] = "Bot-pass-12345" })).StatusCode);

        statuses.Take(RateLimitedApp.PerAddress).ShouldAllBe(s => s != HttpStatusCode.TooManyRequests);
        statuses.Last().ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task PasswordReset_FromOneAddress_IsRefusedPastItsBudget()
    {
        var page = Page();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedApp.PerAddress; i++)
            statuses.Add((await page.PostFormAsync("/Account/SetPassword?userId=x&token=y", "/Account/SetPassword?userId=x&token=y",
                new() { ["password"] = "Guess-pass-123" })).StatusCode);

        statuses.Take(RateLimitedApp.PerAddress).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses.Last().ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task PlaceOrder_FromOneAddress_IsRefusedPastItsBudget_AndAnotherAddressStillOrders()
    {
        var client = Client();
        for (var i = 0; i < RateLimitedApp.PerAddress; i++) await PlaceAsync(client);

        var refused = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(_store, await client.FirstSlotAsync(_store), (_kettle, 1)));

        await RetryAfterOfRefusalAsync(refused);
        await PlaceAsync(Client());
        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Count()))).ShouldBe(RateLimitedApp.PerAddress + 1);
    }

    [Fact]
    public async Task PlaceOrder_ByOneAccount_IsRefusedPastItsBudget_FromAnyAddress()
    {
        await App.UserAsync("shopper@o2o.test", Roles.Shopper);
        var shopper = await SignedInAsync("shopper@o2o.test");
        var token = shopper.DefaultRequestHeaders.Authorization!;
        HttpClient FromNewAddress()
        {
            var c = Client();
            c.DefaultRequestHeaders.Authorization = token;
            return c;
        }
        for (var i = 0; i < RateLimitedApp.PerAccount; i++) await PlaceAsync(FromNewAddress());

        var other = FromNewAddress();
        await RetryAfterOfRefusalAsync(await other.PostJsonAsync("/api/v1/orders", TestData.OrderBody(_store, await other.FirstSlotAsync(_store), (_kettle, 1))));
    }

    [Fact]
    public async Task CheckoutPage_FromOneAddress_IsRefusedPastItsBudget()
    {
        var page = Page();
        var statuses = new List<HttpStatusCode>();
        // Refused or not for other reasons (no cart, no token), each post is an attempt at the door.
        for (var i = 0; i <= RateLimitedApp.PerAddress; i++)
            statuses.Add((await page.PostFormWithoutTokenAsync("/checkout", new() { ["Input.Name"] = "Bot" }, PageClient.SameOrigin)).StatusCode);

        statuses.Take(RateLimitedApp.PerAddress).ShouldAllBe(s => s != HttpStatusCode.TooManyRequests);
        statuses.Last().ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task OrderPage_ReadWithTokens_FromOneAddress_IsRefusedPastItsBudget_InWords()
    {
        var order = await PlaceAsync(Client());
        var page = Page();
        for (var i = 0; i < RateLimitedApp.PerAddress; i++) await page.GetAsync($"/orders/{order["id"]}?token=guess{i}", HttpStatusCode.NotFound);

        (await page.GetAsync($"/orders/{order["id"]}?token=guess", HttpStatusCode.TooManyRequests)).ShouldContain("Too many attempts");
    }

    [Fact]
    public async Task OrderTokenReads_FromOneAddress_AreRefusedPastTheirBudget()
    {
        var order = await PlaceAsync(Client());
        var reader = Client();
        async Task<HttpResponseMessage> Read()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{order["id"]}");
            request.Headers.Add("X-Order-Token", "not-the-token");
            return await reader.SendAsync(request);
        }
        for (var i = 0; i < RateLimitedApp.PerAddress; i++) (await Read()).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await RetryAfterOfRefusalAsync(await Read());
    }

    [Fact]
    public async Task PickupCodeAttempts_ByOneStaffAccount_AreRefusedPastTheirBudget()
    {
        await App.UserAsync("staff@o2o.test", Roles.Staff, _store);
        var orders = new List<string>();
        for (var i = 0; i < RateLimitedApp.PerAccount + 1; i++)
        {
            var client = Client();
            var id = (await PlaceAsync(client))["id"]!.GetValue<string>();
            (await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            orders.Add(id);
        }
        var staff = await SignedInAsync("staff@o2o.test");
        foreach (var id in orders) (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // One wrong code per order, so no order's own lock-out is what refuses.
        for (var i = 0; i < RateLimitedApp.PerAccount; i++)
            (await staff.PostJsonAsync($"/api/v1/staff/orders/{orders[i]}/collect", new { pickupCode = "WRONG1" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await RetryAfterOfRefusalAsync(await staff.PostJsonAsync($"/api/v1/staff/orders/{orders[^1]}/collect", new { pickupCode = "WRONG1" }));
    }

    [Fact]
    public async Task DeskLookups_ByOneStaffAccount_AreRefusedPastTheirBudget_WithAReadablePage()
    {
        await App.UserAsync("staff@o2o.test", Roles.Staff, _store);
        var desk = Page();
        PageClient.Location(await desk.PostFormAsync("/Account/Login", "/Account/Login", new() { ["Input.Email"] = "staff@o2o.test", ["Input.Password"] = "Demo-pass-1" }));
        var url = $"/staff/stores/{_store.Id}/handover";
        for (var i = 0; i < RateLimitedApp.PerAccount; i++)
            (await desk.PostFormAsync(url, url, new() { ["query"] = $"GUESS{i}" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await desk.PostFormAsync(url, url, new() { ["query"] = "GUESS9" });

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Too many attempts");
    }

    [Fact]
    public async Task ForwardedFor_IsBelievedFromTheTrustedProxyOnly()
    {
        var body = TestData.OrderBody(_store, await Client().FirstSlotAsync(_store), (_kettle, 1));
        async Task<HttpStatusCode> Order(string peer, string forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = System.Net.Http.Json.JsonContent.Create(body) };
            request.Headers.Add(TestPeerStartupFilter.TestPeerHeader, peer);
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            return (await App.CreateClient().SendAsync(request)).StatusCode;
        }

        // Through the load balancer, each shopper has their own budget.
        var viaProxy = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedApp.PerAddress; i++) viaProxy.Add(await Order(RateLimitedApp.TrustedProxy, RateLimitedApp.FreshAddress()));
        viaProxy.ShouldAllBe(s => s == HttpStatusCode.Created);

        // A stranger naming a new address each time is still one address.
        var stranger = RateLimitedApp.FreshAddress();
        var direct = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedApp.PerAddress; i++) direct.Add(await Order(stranger, RateLimitedApp.FreshAddress()));
        direct.Last().ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public void Limits_ThatMakeNoSense_StopTheAppFromStarting()
    {
        using var app = new O2OApp();
        // Start-up validation comes before any connection is opened, so no database is needed.
        app.Settings["ConnectionStrings:O2O"] = "Host=127.0.0.1;Database=unused";
        app.Settings["RateLimits:PlaceOrder:PerAddress"] = "0";

        var error = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Services);
        error.Message.ShouldContain("RateLimits");
    }

    [Fact]
    public void TrustedProxies_ThatAreNotAddresses_StopTheAppFromStarting()
    {
        using var app = new O2OApp();
        // Start-up validation comes before any connection is opened, so no database is needed.
        app.Settings["ConnectionStrings:O2O"] = "Host=127.0.0.1;Database=unused";
        app.Settings["ForwardedHeaders:KnownNetworks:0"] = "the load balancer";

        var error = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Services);
        error.Message.ShouldContain("ForwardedHeaders");
    }
}

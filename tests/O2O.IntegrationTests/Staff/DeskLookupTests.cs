using System.Net;
using O2O.Application.Staff;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Staff;

/// <summary>The desk's search is counted like wrong codes at collection, and staff never see the shopper's pickup code.</summary>
public sealed class DeskLookupTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Monday = new(2030, 6, 3, 8, 0, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Product _kettle = null!;
    private string _orderId = "";
    private string _token = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Monday);
        _store = await App.StoreAsync("HOME1");
        _kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(_store, _kettle, 10);
        await App.UserAsync("staff.one@o2o.test", Roles.Staff, _store);
        await App.UserAsync("staff.two@o2o.test", Roles.Staff, _store);
        (_orderId, _token) = await App.PaidOrderAsync(_store, (_kettle, 1));
    }

    private string HandoverUrl => $"/staff/stores/{_store.Id}/handover";

    private Task<string> CodeAsync() => App.WithDbAsync(db => Task.FromResult(db.Orders.Single().PickupCode!));

    private async Task<HttpResponseMessage> LookUpAsync(PageClient desk, string query) =>
        await desk.PostFormAsync(HandoverUrl, HandoverUrl, new() { ["query"] = query });

    private async Task GuessAsync(PageClient desk, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var miss = await LookUpAsync(desk, $"GUESS{i}");
            miss.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await miss.Content.ReadAsStringAsync()).ShouldContain("No order of this store matches that number or code.");
        }
    }

    [Fact]
    public async Task LookUpsThatMatchNothing_PauseThatAccountsSearchAtTheStore_ForAQuarterOfAnHour()
    {
        var one = await PageClient.SignedInAsync(App, "staff.one@o2o.test");
        var two = await PageClient.SignedInAsync(App, "staff.two@o2o.test");
        var code = await CodeAsync();
        await GuessAsync(one, FindOrderForHandoverHandler.MaxFailedLookups);

        var refused = await LookUpAsync(one, code);

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Too many look-ups matched no order.");
        PageClient.Location(await LookUpAsync(two, code)).ShouldStartWith($"/staff/orders/{_orderId}");

        App.Clock.Set(Monday + FindOrderForHandoverHandler.Lockout);
        PageClient.Location(await LookUpAsync(one, code)).ShouldStartWith($"/staff/orders/{_orderId}");
    }

    [Fact]
    public async Task LookUpsThatMatchNothing_FartherApartThanTheWindow_DoNotAddUp()
    {
        var one = await PageClient.SignedInAsync(App, "staff.one@o2o.test");
        var code = await CodeAsync();
        await GuessAsync(one, FindOrderForHandoverHandler.MaxFailedLookups - 1);
        App.Clock.Set(Monday + FindOrderForHandoverHandler.Window);
        await GuessAsync(one, FindOrderForHandoverHandler.MaxFailedLookups - 1);

        PageClient.Location(await LookUpAsync(one, code)).ShouldStartWith($"/staff/orders/{_orderId}");
    }

    [Fact]
    public async Task LookUps_AtAStoreTheMemberDoesNotWorkAt_AreNotFound()
    {
        var away = await App.StoreAsync("AWAY1");
        var one = await PageClient.SignedInAsync(App, "staff.one@o2o.test");
        var html = await one.GetAsync(HandoverUrl);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var response = await one.Http.PostAsync($"/staff/stores/{away.Id}/handover",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["query"] = "ABCDEF", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_NeverSeeThePickupCode_TheShopperDoes()
    {
        var staff = await App.ClientForAsync("staff.one@o2o.test");

        var ready = await (await staff.PostJsonAsync($"/api/v1/staff/orders/{_orderId}/ready", new { })).JsonAsync();
        var staffView = await staff.GetJsonAsync($"/api/v1/orders/{_orderId}");
        var shopperView = await App.CreateClient().GetOrderAsync(_orderId, _token);

        ready["status"]!.GetValue<string>().ShouldBe("ReadyForPickup");
        ready["pickupCode"].ShouldBeNull();
        staffView["pickupCode"].ShouldBeNull();
        shopperView["pickupCode"]!.GetValue<string>().ShouldBe(await CodeAsync());
    }
}

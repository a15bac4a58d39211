using System.Net;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Staff;

/// <summary>Every staff route and page at every role boundary: anonymous, shopper, staff of another store, staff, admin.</summary>
public sealed class StaffAccessTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;
    private string _orderId = "";
    private string _lineId = "";
    private string _day = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("HOME1");
        var other = await App.StoreAsync("AWAY1");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
        await App.UserAsync("staff.home@o2o.test", Roles.Staff, _store);
        await App.UserAsync("staff.away@o2o.test", Roles.Staff, other);
        await App.UserAsync("shopper@o2o.test", Roles.Shopper);
        await App.UserAsync("admin@o2o.test", Roles.Admin);
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 3));
        _orderId = id;
        var order = await App.CreateClient().GetOrderAsync(id, token);
        _lineId = order["lines"]![0]!["id"]!.GetValue<string>();
        _day = order["pickupSlot"]!["start"]!.GetValue<string>()[..10]; // the slot's local date
    }

    public enum Who { Anonymous, Shopper, OtherStoresStaff, Staff, Admin }

    public static TheoryData<Who> Everyone() => new(Enum.GetValues<Who>());

    private async Task<HttpClient> ClientAsAsync(Who who) => who switch
    {
        Who.Anonymous => App.CreateClient(),
        Who.Shopper => await App.ClientForAsync("shopper@o2o.test"),
        Who.OtherStoresStaff => await App.ClientForAsync("staff.away@o2o.test"),
        Who.Staff => await App.ClientForAsync("staff.home@o2o.test"),
        _ => await App.ClientForAsync("admin@o2o.test"),
    };

    private static HttpStatusCode Expected(Who who, HttpStatusCode allowed) => who switch
    {
        Who.Anonymous => HttpStatusCode.Unauthorized,
        Who.Shopper => HttpStatusCode.Forbidden,
        Who.OtherStoresStaff => HttpStatusCode.NotFound,
        _ => allowed,
    };

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task ListStoreOrders_IsScopedToTheStaffMembersStores(Who who)
    {
        var client = await ClientAsAsync(who);

        var response = await client.GetAsync($"/api/v1/staff/stores/{_store.Id}/orders?date={_day}");

        response.StatusCode.ShouldBe(Expected(who, HttpStatusCode.OK));
        if (response.StatusCode != HttpStatusCode.OK) return;
        var day = await response.JsonAsync();
        var order = day["orders"]!.AsArray().Single()!;
        order["id"]!.GetValue<string>().ShouldBe(_orderId);
        order["column"]!.GetValue<string>().ShouldBe("To prepare");
        order["items"]!.GetValue<int>().ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task MarkReady_AtEveryRoleBoundary(Who who)
    {
        var response = await (await ClientAsAsync(who)).PostJsonAsync($"/api/v1/staff/orders/{_orderId}/ready", new { });

        response.StatusCode.ShouldBe(Expected(who, HttpStatusCode.OK));
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task Collect_AtEveryRoleBoundary(Who who)
    {
        // Not ready yet: those allowed through get 409 for the life cycle, everyone else is stopped first.
        var response = await (await ClientAsAsync(who)).PostJsonAsync($"/api/v1/staff/orders/{_orderId}/collect", new { pickupCode = "ABCDEF" });

        response.StatusCode.ShouldBe(Expected(who, HttpStatusCode.Conflict));
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task ShortPick_AtEveryRoleBoundary(Who who)
    {
        var response = await (await ClientAsAsync(who)).PostJsonAsync($"/api/v1/staff/orders/{_orderId}/lines/{_lineId}/short", new { quantity = 1, reason = "Damaged" });

        response.StatusCode.ShouldBe(Expected(who, HttpStatusCode.OK));
        var expectedReserved = response.StatusCode == HttpStatusCode.OK ? 2 : 3;
        (await App.StockOfAsync(_store, _kettle)).Reserved.ShouldBe(expectedReserved);
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task ReleaseNoShow_AtEveryRoleBoundary(Who who)
    {
        // The slot has not ended: allowed callers get 409.
        var response = await (await ClientAsAsync(who)).PostJsonAsync($"/api/v1/staff/orders/{_orderId}/no-show", new { });

        response.StatusCode.ShouldBe(Expected(who, HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task ShortPick_WithBadInput_Gets400WithFieldErrors()
    {
        var staff = await ClientAsAsync(Who.Staff);

        var tooMany = await staff.PostJsonAsync($"/api/v1/staff/orders/{_orderId}/lines/{_lineId}/short", new { quantity = 4, reason = "Damaged" });
        (await tooMany.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["quantity"].ShouldNotBeNull();
        var noReason = await staff.PostJsonAsync($"/api/v1/staff/orders/{_orderId}/lines/{_lineId}/short", new { quantity = 1 });
        (await noReason.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["reason"].ShouldNotBeNull();
        var unknownLine = await staff.PostJsonAsync($"/api/v1/staff/orders/{_orderId}/lines/{Guid.NewGuid()}/short", new { quantity = 1, reason = "x" });
        await unknownLine.ProblemAsync(HttpStatusCode.NotFound);
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 3));
    }

    [Fact]
    public async Task ListStoreOrders_WithAnUnknownStatus_Gets400()
    {
        var staff = await ClientAsAsync(Who.Staff);

        var response = await staff.GetAsync($"/api/v1/staff/stores/{_store.Id}/orders?status=Lost");

        (await response.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["status"].ShouldNotBeNull();
    }

    [Fact]
    public async Task AnOverdueOrder_CanBeReleasedByStaff_AndShowsInTheOverdueColumn()
    {
        await (await ClientAsAsync(Who.Staff)).PostJsonAsync($"/api/v1/staff/orders/{_orderId}/ready", new { });
        App.Clock.Advance(TimeSpan.FromDays(1.5));
        var staff = await ClientAsAsync(Who.Staff); // a fresh token: the clock moved past the first one's lifetime
        var day = await staff.GetJsonAsync($"/api/v1/staff/stores/{_store.Id}/orders?date={_day}");
        day["orders"]![0]!["column"]!.GetValue<string>().ShouldBe("Overdue");

        var released = await staff.PostJsonAsync($"/api/v1/staff/orders/{_orderId}/no-show", new { });

        released.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await released.JsonAsync())["status"]!.GetValue<string>().ShouldBe("NoShow");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((10, 0));
    }

    public static TheoryData<string> StaffPages() => new() { "/staff", "/staff/stores/{store}", "/staff/stores/{store}/handover", "/staff/stores/{store}/no-shows", "/staff/stores/{store}/picklist", "/staff/orders/{order}" };

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task StaffPages_RedirectAnonymousToSignIn_AndDenyShoppers(string template)
    {
        var url = template.Replace("{store}", _store.Id.ToString()).Replace("{order}", _orderId);

        var anonymous = await PageClient.For(App).Http.GetAsync(url);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.OriginalString.ShouldContain("/Account/Login");

        var shopper = await PageClient.SignedInAsync(App, "shopper@o2o.test");
        var denied = await shopper.Http.GetAsync(url);
        denied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        denied.Headers.Location!.OriginalString.ShouldContain("/Account/AccessDenied");
    }

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task StaffPages_AreNotFoundForOtherStoresStaff_AndOpenForTheirOwn(string template)
    {
        var url = template.Replace("{store}", _store.Id.ToString()).Replace("{order}", _orderId);
        var away = await PageClient.SignedInAsync(App, "staff.away@o2o.test");
        var home = await PageClient.SignedInAsync(App, "staff.home@o2o.test");

        if (template != "/staff") (await away.Http.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await home.Http.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheDesk_FindsAnOrderByItsCode_AndHandsItOverWithIt()
    {
        var staff = await ClientAsAsync(Who.Staff);
        await staff.PostJsonAsync($"/api/v1/staff/orders/{_orderId}/ready", new { });
        var code = await App.WithDbAsync(db => Task.FromResult(db.Orders.Single().PickupCode!));
        var desk = await PageClient.SignedInAsync(App, "staff.home@o2o.test");

        var found = await desk.PostFormAsync($"/staff/stores/{_store.Id}/handover", $"/staff/stores/{_store.Id}/handover", new() { ["query"] = code.ToLowerInvariant() });
        var orderPage = PageClient.Location(found);
        orderPage.ShouldBe($"/staff/orders/{_orderId}?code={code}");
        (await desk.GetAsync(orderPage)).ShouldContain($"value=\"{code}\"");

        var wrong = await desk.PostFormAsync(orderPage, $"/staff/orders/{_orderId}?handler=Collect", new() { ["pickupCode"] = "WRONG1" });
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("That pickup code does not match this order.");
        var collected = await desk.PostFormAsync(orderPage, $"/staff/orders/{_orderId}?handler=Collect", new() { ["pickupCode"] = code });
        PageClient.Location(collected);
        (await desk.GetAsync($"/staff/orders/{_orderId}")).ShouldContain("handed over");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((7, 0));
    }

    [Fact]
    public async Task TheBoard_ShowsOrdersInTheirColumns_AndMarksThemReady()
    {
        var desk = await PageClient.SignedInAsync(App, "staff.home@o2o.test");
        var board = await desk.GetAsync($"/staff/stores/{_store.Id}?date={_day}");
        board.ShouldContain("To prepare");
        board.ShouldContain("Mark ready");

        PageClient.Location(await desk.PostFormAsync($"/staff/stores/{_store.Id}?date={_day}", $"/staff/stores/{_store.Id}?handler=Ready&orderId={_orderId}&date={_day}", []));

        var after = await desk.GetAsync($"/staff/stores/{_store.Id}?date={_day}");
        after.ShouldContain("is ready; the shopper has been told.");
        after.ShouldNotContain("Mark ready");
    }

    [Fact]
    public async Task MarkingAnOrderReady_FromTheBoardOfItsDay_ComesBackToThatDay()
    {
        var desk = await PageClient.SignedInAsync(App, "staff.home@o2o.test");
        var board = await desk.GetAsync($"/staff/stores/{_store.Id}?date={_day}");
        var action = System.Text.RegularExpressions.Regex.Match(board, "<form method=\"post\" action=\"([^\"]*handler=Ready[^\"]*)\"");
        action.Success.ShouldBeTrue("The board has no Mark ready form.");

        var back = PageClient.Location(await desk.PostFormAsync($"/staff/stores/{_store.Id}?date={_day}", WebUtility.HtmlDecode(action.Groups[1].Value), []));

        back.ShouldBe($"/staff/stores/{_store.Id}?date={_day}"); // not today's board, which may be another day
    }
}

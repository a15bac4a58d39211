using System.Net;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.InStore;

/// <summary>
/// The dashboard's wait at the desk: per store, from "I'm here" to the hand-over, over the period's collected orders
/// whose shopper said it. Three shoppers arrive at 10:40 (Paris) and are served after 4, 6 and 10 minutes: the median
/// is 6 minutes, the 90th percentile 9.2 minutes (6 + 0.8 × 4, interpolated as PostgreSQL's percentile_cont does).
/// </summary>
public sealed class HandoverWaitTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Store _quiet = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("PAR10");
        _quiet = await App.StoreAsync("PAR11");
        var lamp = await App.ProductAsync("LAMP-10", 2500);
        await App.StockAsync(_store, lamp, 10);
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var staff = await App.ClientForAsync("desk@o2o.test");

        var orders = new List<(string Id, string Token)>();
        for (var i = 0; i < 4; i++) orders.Add(await App.PaidOrderAsync(_store, (lamp, 1)));
        var codes = new List<string>();
        foreach (var (id, token) in orders)
        {
            (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
            codes.Add((await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>());
        }
        App.Clock.Set(Morning.AddMinutes(40));
        foreach (var (id, token) in orders.Take(3))
        {
            var arrive = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/arrived") { Content = System.Net.Http.Json.JsonContent.Create(new { }) };
            arrive.Headers.Add("X-Order-Token", token);
            (await App.CreateClient().SendAsync(arrive)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        // The fourth shopper never said "I'm here": their hand-over has no wait to count.
        foreach (var (minutes, i) in new[] { (44, 0), (46, 1), (50, 2), (55, 3) })
        {
            App.Clock.Set(Morning.AddMinutes(minutes));
            (await staff.PostJsonAsync($"/api/v1/staff/orders/{orders[i].Id}/collect", new { pickupCode = codes[i] })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task The_api_gives_the_median_and_the_90th_percentile_in_minutes_per_store()
    {
        var admin = await App.ClientForAsync("boss@o2o.test");

        var dashboard = await admin.GetJsonAsync("/api/v1/admin/dashboard?from=2026-06-10&to=2026-06-10");

        var stores = dashboard["stores"]!.AsArray().ToDictionary(s => s!["storeCode"]!.GetValue<string>());
        var wait = stores["PAR10"]!["handover"]!;
        wait["orders"]!.GetValue<int>().ShouldBe(3);
        wait["medianMinutes"]!.GetValue<double>().ShouldBe(6);
        wait["p90Minutes"]!.GetValue<double>().ShouldBe(9.2);
        stores["PAR11"]!["handover"].ShouldBeNull();

        // Orders placed on another day are another period.
        var dayBefore = await admin.GetJsonAsync("/api/v1/admin/dashboard?from=2026-06-09&to=2026-06-09");
        dayBefore["stores"]!.AsArray().ShouldAllBe(s => s!["handover"] == null);
    }

    [Theory]
    [InlineData("en", "6 min", "9 min 12 s")]
    [InlineData("fr", "6 min", "9 min 12 s")]
    [InlineData("de", "6 Min.", "9 Min. 12 Sek.")]
    [InlineData("ar", "6 د", "9 د 12 ث")]
    public async Task The_dashboard_page_writes_the_waits_in_the_readers_language(string culture, string median, string p90)
    {
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");

        var html = WebUtility.HtmlDecode(await admin.GetAsync($"/admin?from=2026-06-10&to=2026-06-10&culture={culture}"));

        html.ShouldContain($"<td data-wait-median>{median}</td><td data-wait-p90>{p90}</td>");
    }
}

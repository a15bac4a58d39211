using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using O2O.Domain.Catalog;
using O2O.Domain.Common;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Admin;

/// <summary>
/// One Paris store, late on 1 June UTC, which is already 2 June in Paris: a euro order, a cancelled euro order and a
/// krona order. The dashboard must put them on the Paris day, count the same orders in the chart and the table, and
/// never add euros to kronor.
/// </summary>
public sealed partial class DashboardTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset LateEvening = new(2026, 6, 1, 22, 30, 0, TimeSpan.Zero);

    private Store _store = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(LateEvening);
        _store = await App.StoreAsync("PAR01", timeZone: "Europe/Paris");
        var kettle = await App.ProductAsync("KETTLE", 1000);
        var lamp = await App.WithDbAsync(async db =>
        {
            var product = new Product(Guid.CreateVersion7(), "LAMP", "Lamp", "", "Test", new Money(5000, "SEK"), null);
            db.Products.Add(product);
            await db.SaveChangesAsync();
            return product;
        });
        await App.StockAsync(_store, kettle, 10);
        await App.StockAsync(_store, lamp, 10);

        await App.PaidOrderAsync(_store, (kettle, 2));
        var (cancelledId, token) = await App.PaidOrderAsync(_store, (kettle, 1));
        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{cancelledId}/cancel") { Content = JsonContent(new { reason = "changed my mind" }) };
        cancel.Headers.Add("X-Order-Token", token);
        var cancelled = await App.CreateClient().SendAsync(cancel);
        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK, await cancelled.Content.ReadAsStringAsync());
        await App.PaidOrderAsync(_store, (lamp, 1));
        await App.UserAsync("boss@o2o.test", Roles.Admin);
    }

    private static HttpContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body);

    private static Dictionary<string, long> Money(JsonNode? list) =>
        list!.AsArray().ToDictionary(m => m!["currency"]!.GetValue<string>(), m => m!["amount"]!.GetValue<long>());

    [Fact]
    public async Task TheDashboard_CountsOnTheStoresOwnDay_PerCurrency_AndTheDaysAddUpToTheTable()
    {
        var admin = await App.ClientForAsync("boss@o2o.test");

        var dashboard = await admin.GetJsonAsync("/api/v1/admin/dashboard?from=2026-06-02&to=2026-06-02");

        var store = dashboard["stores"]!.AsArray().Single()!;
        store["orders"]!.GetValue<int>().ShouldBe(3);
        Money(store["revenue"]).ShouldBe(new Dictionary<string, long> { ["EUR"] = 2000, ["SEK"] = 5000 });
        var day = dashboard["days"]!.AsArray().Single()!;
        day["day"]!.GetValue<string>().ShouldBe("2026-06-02");
        day["orders"]!.GetValue<int>().ShouldBe(store["orders"]!.GetValue<int>());
        Money(day["revenue"]).ShouldBe(Money(store["revenue"]));
        dashboard["topProducts"]!.AsArray().Select(p => (p!["sku"]!.GetValue<string>(), p["units"]!.GetValue<long>(), p["revenue"]!["currency"]!.GetValue<string>()))
            .ShouldBe([("KETTLE", 2, "EUR"), ("LAMP", 1, "SEK")]);

        // 1 June is a UTC day, not a Paris one: nothing was ordered on it in Paris.
        var utcDay = await admin.GetJsonAsync("/api/v1/admin/dashboard?from=2026-06-01&to=2026-06-01");
        utcDay["days"]!.AsArray().ShouldBeEmpty();
        utcDay["stores"]!.AsArray().Single()!["orders"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task TheDashboardPage_ChartsTheSameRevenueAsItsTable_OneSeriesPerCurrency()
    {
        // Signed in on the test's own clock (the fixture translates cookie expiries for the client's real clock).
        App.Clock.Set(LateEvening);
        var page = await PageClient.SignedInAsync(App, "boss@o2o.test");

        var html = await page.GetAsync("/admin?from=2026-06-02&to=2026-06-02");

        html.ShouldContain("<td>3</td><td>€20.00 · kr 50.00</td>");
        var chart = JsonNode.Parse(WebUtility.HtmlDecode(ChartDataRegex().Match(html).Groups[1].Value))!;
        chart["orders"]!.AsArray().Single()!["data"]!.AsArray().Select(v => v!.GetValue<int>()).ShouldBe([3]);
        chart["revenue"]!.AsArray().Select(s => (s!["label"]!.GetValue<string>(), s["data"]!.AsArray().Single()!.GetValue<decimal>()))
            .ShouldBe([("PAR01 (EUR)", 20m), ("PAR01 (SEK)", 50m)]);
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"dashboard-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ChartDataRegex();
}

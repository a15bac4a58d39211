using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Storefront;

/// <summary>Shoppers and staff read statuses in words, and a timeline names each step once.</summary>
public sealed partial class StatusWordingTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("WORD1");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 5);
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
    }

    [Fact]
    public async Task TheStaffOrderPage_SaysReadyForPickup_InWords()
    {
        var (id, _) = await App.PaidOrderAsync(_store, (_kettle, 1));
        var staff = await App.ClientForAsync("desk@o2o.test");
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var page = await (await PageClient.SignedInAsync(App, "desk@o2o.test")).GetAsync($"/staff/orders/{id}");

        page.ShouldContain("<span class=\"badge\">Ready for pickup</span>");
        page.ShouldNotContain("ReadyForPickup");
    }

    [Fact]
    public async Task ACancelledOrdersTimeline_SaysCancelledOnce_WithTheRefundBesideIt()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/cancel") { Content = JsonContent.Create(new { }) };
        cancel.Headers.Add("X-Order-Token", token);
        (await App.CreateClient().SendAsync(cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var page = await PageClient.For(App).GetAsync($"/orders/{id}?token={Uri.EscapeDataString(token)}");

        var timeline = TimelineRegex().Match(page).Value;
        Regex.Count(timeline, "<strong>Cancelled</strong>").ShouldBe(1, timeline);
        timeline.ShouldContain("Refunded");
        timeline.ShouldContain("<strong>Waiting for payment</strong>");
    }

    [GeneratedRegex("<ol class=\"timeline\">.*?</ol>", RegexOptions.Singleline)]
    private static partial Regex TimelineRegex();
}

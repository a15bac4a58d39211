using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Staff;

/// <summary>
/// A chef's knife (a demo "ID check" product) collected by a stand-in, in a real browser: the shopper is told ID will
/// be checked and names who collects; the clerk sees the name, is refused without the ID check, and hands over with it.
/// Every page on the way passes axe.
/// </summary>
public sealed class HandoverDetailsBrowserTests(BrowserApp fixture) : BrowserTest(fixture)
{
    private const string StaffEmail = "staff.par01@o2o.test";

    private async Task<(string Id, string Token, string Code)> ReadyKnifeOrderAsync()
    {
        await SetOnHandAsync("PAR01", "KIT-001", 10);
        var store = await StoreAsync("PAR01");
        var knife = await ProductAsync("KIT-001");
        knife.AgeRestricted.ShouldBeTrue("the demo flags its knives for an ID check");
        var client = App.CreateClient();
        var body = System.Text.Json.JsonSerializer.SerializeToNode(TestData.OrderBody(store, await client.FirstSlotAsync(store), (knife, 1)))!;
        body["collectorName"] = "Grace Hopper";
        var placed = await client.PlaceOrderAsync(body);
        var id = placed["id"]!.GetValue<string>();
        (await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).EnsureSuccessStatusCode();
        var orderId = Guid.Parse(id);
        await App.WithDbAsync(async db =>
        {
            var order = await db.Orders.Include(o => o.History).SingleAsync(o => o.Id == orderId);
            order.MarkReady(App.Clock.GetUtcNow(), "test");
            await db.SaveChangesAsync();
        });
        var code = await App.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.PickupCode!).SingleAsync());
        return (id, placed["accessToken"]!.GetValue<string>(), code);
    }

    [Fact]
    public async Task The_clerk_sees_the_stand_in_and_hands_over_only_after_the_id_check()
    {
        Journey = "handover-details";
        var (id, token, code) = await ReadyKnifeOrderAsync();
        var knife = await ProductAsync("KIT-001");

        await Page.GotoAsync($"/products/{knife.Id}");
        await Expect(Page.Locator(".id-check-note")).ToContainTextAsync("whoever collects it must show an ID");
        await StepAsync("product-id-check", audit: true);

        await Page.GotoAsync($"/orders/{id}?token={Uri.EscapeDataString(token)}");
        await Expect(Page.Locator("[data-collector]")).ToHaveTextAsync("Grace Hopper collects this order for you.");
        await Expect(Page.Locator(".id-check-note")).ToBeVisibleAsync();
        await StepAsync("pass-collector", audit: true);

        await SignInAsAsync(StaffEmail, $"/staff/orders/{id}");
        await Expect(Page.Locator("dd.collector")).ToContainTextAsync("Grace Hopper");
        await Expect(Page.GetByLabel("Pickup code from the shopper")).ToHaveValueAsync("");
        await Page.GetByLabel("Pickup code from the shopper").FillAsync(code);
        await StepAsync("order-id-check", audit: true);
        await Button("Verify and hand over").ClickAsync();
        await Expect(Page.Locator("#id-check-error")).ToContainTextAsync("check the collector's ID");
        await Expect(Page.GetByLabel("Pickup code from the shopper")).ToHaveValueAsync(code);
        await StepAsync("order-id-check-refused", audit: true);

        await Page.GetByLabel("I checked the ID of Grace Hopper: they are an adult.").CheckAsync();
        await Button("Verify and hand over").ClickAsync();
        await Expect(Alert).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("handed over"));
        await Expect(Page.Locator("[data-id-check]")).ToContainTextAsync("ID checked by");
        await StepAsync("order-id-checked", audit: true);
        (await App.WithDbAsync(db => db.Orders.Where(o => o.Id == Guid.Parse(id)).Select(o => o.IdCheckedBy).SingleAsync())).ShouldBe(StaffEmail);
    }

    [Fact]
    public async Task The_admin_flags_a_product_and_reads_the_wait_at_the_desk()
    {
        Journey = "handover-admin";
        await App.SeedDemoOrdersAsync();
        var drill = await ProductAsync("TLS-001");
        await SignInAsAsync("admin@o2o.test", $"/admin/products/edit/{drill.Id}");
        await Page.GetByLabel("ID check (age-restricted)").CheckAsync();
        await StepAsync("product-edit-id-check", audit: true);
        await Button("Save").ClickAsync();
        await Page.WaitForLoadStateAsync();
        (await ProductAsync("TLS-001")).AgeRestricted.ShouldBeTrue();

        await Page.GotoAsync("/admin");
        await Expect(Page.GetByRole(AriaRole.Columnheader, new() { Name = "Arrival to hand-over (median)" })).ToBeVisibleAsync();
        await StepAsync("dashboard-wait", audit: true);
    }
}

/// <summary>The same pages on a phone, right to left: they fit 390 px and pass axe in Arabic.</summary>
public sealed class HandoverDetailsPhoneTests(BrowserApp fixture) : BrowserTest(fixture)
{
    protected override bool OnPhone => true;

    [Fact]
    public async Task The_pass_and_the_hand_over_fit_a_phone_in_arabic()
    {
        Journey = "handover-details-phone-ar";
        await SetOnHandAsync("PAR01", "KIT-001", 10);
        var store = await StoreAsync("PAR01");
        var knife = await ProductAsync("KIT-001");
        var client = App.CreateClient();
        var body = System.Text.Json.JsonSerializer.SerializeToNode(TestData.OrderBody(store, await client.FirstSlotAsync(store), (knife, 1)))!;
        body["collectorName"] = "زينب الحسيني";
        var placed = await client.PlaceOrderAsync(body);
        var id = placed["id"]!.GetValue<string>();
        (await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).EnsureSuccessStatusCode();
        await UseLanguageAsync("ar");

        foreach (var (name, url) in new[]
                 {
                     ("product", $"/products/{knife.Id}"),
                     ("pass", $"/orders/{id}?token={Uri.EscapeDataString(placed["accessToken"]!.GetValue<string>())}"),
                 })
            await FitsAsync(name, url);
        await SignInAsAsync("staff.par01@o2o.test", "/staff");
        await FitsAsync("staff-order", $"/staff/orders/{id}");
        await FitsAsync("staff-board", $"/staff/stores/{store.Id}?date={DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(placed["pickupSlot"]!["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), store.TimeZone).DateTime):yyyy-MM-dd}");
    }

    private async Task FitsAsync(string name, string url)
    {
        await Page.GotoAsync(url);
        (await Page.EvaluateAsync<string>("() => document.documentElement.dir")).ShouldBe("rtl");
        (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Phone.Width, name);
        await StepAsync(name, audit: true);
    }
}

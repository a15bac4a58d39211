using System.Net;
using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Staff;

/// <summary>A clerk takes one collected item back on the order page in a real browser, and the refund shows.</summary>
public sealed class CounterReturnTests(BrowserApp fixture) : BrowserTest(fixture)
{
    private const string StaffEmail = "staff.par01@o2o.test";

    [Fact]
    public async Task The_clerk_takes_one_item_back_and_the_refund_shows()
    {
        Journey = "counter-return";
        await SetOnHandAsync("PAR01", "TLS-001", 10);
        var store = await StoreAsync("PAR01");
        var drill = await ProductAsync("TLS-001");
        var (id, token) = await App.PaidOrderAsync(store, (drill, 2));
        var code = (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();
        var api = await App.ClientForAsync(StaffEmail);
        (await api.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await SignInAsAsync(StaffEmail, $"/staff/orders/{id}");
        var form = Page.GetByRole(AriaRole.Region, new() { Name = "Take back items" });
        await Expect(form).ToBeVisibleAsync();
        await StepAsync("order-collected", audit: true);

        await form.GetByLabel("Units of ").First.FillAsync("1");
        await form.GetByLabel("Reason", new() { Exact = true }).SelectOptionAsync("faulty");
        await StepAsync("return-filled", audit: true);
        await Button("Take back and refund").ClickAsync();

        await Expect(Alert).ToContainTextAsync("The items are taken back;");
        var returns = Page.GetByRole(AriaRole.Region, new() { Name = "Returns" });
        await Expect(returns).ToContainTextAsync("Does not work");
        await Expect(returns).ToContainTextAsync("back on the shelf");
        await Expect(returns.Locator(".badge")).ToHaveTextAsync("Refunded");
        await StepAsync("returned", audit: true);
        (await App.StockOfAsync(store, drill)).OnHand.ShouldBe(9);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Staff;

/// <summary>The store desk in a real browser: a paid order is prepared on the board and handed over with its pickup code.</summary>
public sealed class StaffDeskTests(BrowserApp fixture) : BrowserTest(fixture)
{
    private const string StaffEmail = "staff.par01@o2o.test";

    [Fact]
    public async Task Staff_MarksAPaidOrderReady_AndHandsItOverWithThePickupCode()
    {
        Journey = "staff-desk";
        await SetOnHandAsync("PAR01", "TLS-001", 10);
        var store = await StoreAsync("PAR01");
        var drill = await ProductAsync("TLS-001");
        var (id, _) = await App.PaidOrderAsync(store, (drill, 1));
        var orderId = Guid.Parse(id);
        var (number, code, slotStart) = await App.WithDbAsync(db => db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new ValueTuple<string, string?, DateTimeOffset>(o.Number, o.PickupCode, o.SlotStart)).SingleAsync());
        code.ShouldNotBeNullOrEmpty();
        var slotDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(slotStart, store.TimeZone).DateTime)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        await SignInAsync(StaffEmail, "/staff");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "My stores", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator(".store-list")).ToContainTextAsync("Paris Rivoli");
        await StepAsync("my-stores", audit: true);

        await Link("Today's board").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/staff/stores/{store.Id}$"));
        await Page.GotoAsync($"/staff/stores/{store.Id}?date={slotDate}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Paris Rivoli");
        var toPrepare = Page.GetByRole(AriaRole.Region, new() { NameRegex = Column("To prepare") });
        var ready = Page.GetByRole(AriaRole.Region, new() { NameRegex = Column("Ready") });
        var card = Page.Locator($"article.order-card[data-order='{number}']");
        await Expect(toPrepare.Locator($"article.order-card[data-order='{number}']")).ToBeVisibleAsync();
        await Expect(ready.Locator($"article.order-card[data-order='{number}']")).ToHaveCountAsync(0);
        await StepAsync("board-to-prepare", audit: true);

        await card.GetByRole(AriaRole.Button, new() { Name = "Mark ready", Exact = true }).ClickAsync();
        await Expect(Page.Locator(".alert").First).ToHaveTextAsync($"Order {number} is ready; the shopper has been told.");
        await Expect(ready.Locator($"article.order-card[data-order='{number}']")).ToBeVisibleAsync();
        await Expect(toPrepare.Locator($"article.order-card[data-order='{number}']")).ToHaveCountAsync(0);
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Hand over", Exact = true })).ToBeVisibleAsync();
        await StepAsync("board-ready", audit: true);

        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Days" }).GetByRole(AriaRole.Link, new() { Name = "Hand-over", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Hand-over", Level = 1 })).ToBeVisibleAsync();
        await Page.GetByLabel("Order number or pickup code").FillAsync(code!);
        await StepAsync("handover", audit: true);
        await Button("Find order").ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"Order {number}");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/staff/orders/{id}"));
        await Expect(Page.GetByLabel("Pickup code from the shopper")).ToHaveValueAsync(code!);
        await StepAsync("order-ready", audit: true);

        await Button("Verify and hand over").ClickAsync();
        await Expect(Page.Locator(".alert").First).ToHaveTextAsync($"Order {number} handed over.");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 }).Locator(".badge")).ToHaveTextAsync("Collected");
        await Expect(Button("Verify and hand over")).ToHaveCountAsync(0);
        await StepAsync("order-collected", audit: true);

        (await App.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Status.ToString()).SingleAsync()))
            .ShouldBe("Collected");

        await Page.GotoAsync($"/staff/stores/{store.Id}?date={slotDate}");
        await Expect(Page.GetByRole(AriaRole.Region, new() { NameRegex = Column("Collected") })
            .Locator($"article.order-card[data-order='{number}']")).ToBeVisibleAsync();
        await StepAsync("board-collected", audit: false);
    }

    /// <summary>A board column's region, named by its heading and its count badge.</summary>
    private static System.Text.RegularExpressions.Regex Column(string name) => new($"^{name} \\d+$");

    private async Task SignInAsync(string email, string returnUrl)
    {
        await Page.GotoAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(DemoPassword);
        await Button("Sign in").ClickAsync();
    }
}

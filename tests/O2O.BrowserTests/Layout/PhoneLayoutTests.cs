using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using O2O.Application.Abstractions;
using O2O.Application.Loyalty;
using O2O.Application.Marketing;
using O2O.BrowserTests.Infrastructure;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.BrowserTests.Layout;

/// <summary>
/// Every page of every role on a phone (390 × 844), left to right and right to left: nothing may make the shopper, the
/// clerk or the admin scroll sideways, and Arabic pages are laid out right to left. Pages are found by address and
/// filled by field ids, never by their texts, so the test reads the same in every language.
/// </summary>
public sealed class PhoneLayoutTests(BrowserApp fixture) : BrowserTest(fixture)
{
    private const string StaffEmail = "staff.par01@o2o.test";
    private const string AdminEmail = "admin@o2o.test";

    protected override bool OnPhone => true;

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task EveryPageOfEveryRole_FitsAPhone_WithoutScrollingSideways(string culture)
    {
        Journey = $"phone-{culture}";
        var data = await SetUpAsync();
        var problems = new List<string>();
        await UseLanguageAsync(culture);

        // A visitor.
        foreach (var (name, url) in new[]
                 {
                     ("home", "/"), ("products", "/products"), ("search", "/products?search=drill"),
                     ("category", $"/products?category={Uri.EscapeDataString(data.Category)}"),
                     ("product", $"/products/{data.ProductId}"), ("stores", "/stores"), ("store", $"/stores/{data.StoreId}"),
                     ("login", "/Account/Login"), ("register", "/Account/Register"), ("set-password", "/Account/SetPassword"),
                     ("order", $"/orders/{data.PaidOrder.Id}?token={Uri.EscapeDataString(data.PaidOrder.Token)}"),
                     ("pay", $"/orders/{data.PendingOrder.Id}/pay?token={Uri.EscapeDataString(data.PendingOrder.Token)}"),
                     ("order-open", $"/orders/{data.PaidOrder.Id}/open"), ("not-found", "/error/404"),
                 })
            await CheckAsync(culture, name, url, problems);

        // A shopper with a store and a cart.
        await Page.GotoAsync($"/stores/{data.StoreId}");
        await Page.Locator("main form[action*='handler=Choose'] button[type=submit]").ClickAsync();
        await Page.GotoAsync($"/products/{data.ProductId}");
        await Page.Locator("#quantity").FillAsync("2");
        await Page.Locator("form.add-to-cart button[type=submit]").ClickAsync();
        await Page.WaitForLoadStateAsync();
        await CheckAsync(culture, "product-in-my-store", $"/products/{data.ProductId}", problems);
        await CheckAsync(culture, "cart", "/cart", problems);
        await CheckAsync(culture, "checkout", "/checkout", problems);

        await SignInAsAsync(ShopperEmail, "/account/orders");
        await CheckAsync(culture, "my-orders", "/account/orders", problems);
        await CheckAsync(culture, "my-data", "/account/data", problems);
        await CheckAsync(culture, "my-marketing", "/account/marketing", problems);
        await CheckAsync(culture, "my-loyalty", "/account/loyalty", problems);
        await SignOutAsync(culture);
        // The signed link of a campaign email, opened without signing in.
        await CheckAsync(culture, "unsubscribe", $"/unsubscribe?t={Uri.EscapeDataString(data.UnsubscribeToken)}", problems);

        // A store clerk.
        await SignInAsAsync(StaffEmail, "/staff");
        var store = $"/staff/stores/{data.StoreId}";
        foreach (var (name, url) in new[]
                 {
                     ("staff-stores", "/staff"), ("staff-board", $"{store}?date={data.SlotDate}"), ("staff-board-today", store),
                     ("staff-order-paid", $"/staff/orders/{data.PaidOrder.Id}"), ("staff-order-ready", $"/staff/orders/{data.ReadyOrderId}"),
                     ("staff-handover", $"{store}/handover"), ("staff-picklist", $"{store}/picklist?date={data.SlotDate}"),
                     ("staff-no-shows", $"{store}/no-shows"), ("access-denied", "/Account/AccessDenied"),
                 })
            await CheckAsync(culture, name, url, problems);
        await SignOutAsync(culture);

        // An admin.
        await SignInAsAsync(AdminEmail, "/admin");
        foreach (var (name, url) in new[]
                 {
                     ("admin-dashboard", "/admin"), ("admin-products", "/admin/products"),
                     ("admin-product-edit", $"/admin/products/edit/{data.ProductId}"), ("admin-product-new", "/admin/products/edit"),
                     ("admin-stores", "/admin/stores"), ("admin-store-edit", $"/admin/stores/edit/{data.StoreId}"),
                     ("admin-store-new", "/admin/stores/edit"), ("admin-stock", "/admin/stock"),
                     ("admin-stock-store", $"/admin/stock?storeId={data.StoreId}"), ("admin-users", "/admin/users"),
                     ("admin-payments", "/admin/payments"), ("admin-audit", "/admin/audit"), ("admin-diagnostics", "/admin/diagnostics"),
                     ("admin-o2o", "/admin/o2o"), ("admin-promotions", "/admin/promotions"), ("admin-promotion-new", "/admin/promotions/edit"),
                     ("admin-campaigns", "/admin/campaigns"), ("admin-loyalty", "/admin/loyalty"),
                 })
            await CheckAsync(culture, name, url, problems);

        problems.ShouldBeEmpty($"Pages that do not fit a {Phone.Width} px wide phone in {culture}:\n" + string.Join("\n", problems));
    }

    /// <summary>Opens the page, saves it, and notes it when it is wider than the phone or not laid out in the language's direction.</summary>
    private async Task CheckAsync(string culture, string name, string url, List<string> problems)
    {
        var response = await Page.GotoAsync(url);
        var status = response?.Status ?? 0;
        if (status >= 400 && name != "not-found")
        {
            problems.Add($"{name} ({url}): answered {status}");
            return;
        }
        await ScreenshotAsync(name);
        var layout = await Page.EvaluateAsync<JsonElement>(MeasureScript);
        var width = layout.GetProperty("scrollWidth").GetInt32();
        if (width > Phone.Width)
            problems.Add($"{name} ({url}): {width} px wide in a {Phone.Width} px window; sticking out: " +
                         string.Join(", ", layout.GetProperty("wide").EnumerateArray().Select(e => e.GetString())));
        var dir = layout.GetProperty("dir").GetString();
        var expected = culture == "ar" ? "rtl" : "ltr";
        if (dir != expected) problems.Add($"{name} ({url}): <html dir=\"{dir}\">, expected dir=\"{expected}\"");
        var lang = layout.GetProperty("lang").GetString();
        if (lang != culture) problems.Add($"{name} ({url}): <html lang=\"{lang}\">, expected lang=\"{culture}\"");
    }

    /// <summary>The page's width, and the innermost elements that stick out of the window (to say what to fix).</summary>
    private const string MeasureScript = """
        () => {
          const root = document.documentElement, vw = root.clientWidth, rtl = getComputedStyle(root).direction === 'rtl';
          // Only the side a page scrolls to counts: the right in ltr, the left in rtl (the skip link waits off the other side).
          const out = e => { const r = e.getBoundingClientRect(); return r.width > 1 && (rtl ? r.left < -0.5 : r.right > vw + 0.5); };
          const describe = e => {
            const r = e.getBoundingClientRect();
            const cls = typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '';
            return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${cls} [${Math.round(r.left)}, ${Math.round(r.right)}]`;
          };
          const wide = root.scrollWidth > vw
            ? [...document.body.querySelectorAll('*')].filter(e => out(e) && ![...e.children].some(out)).slice(0, 8).map(describe)
            : [];
          return { scrollWidth: root.scrollWidth, dir: root.dir, lang: root.lang, wide };
        }
        """;

    private async Task SignOutAsync(string culture)
    {
        await Context.ClearCookiesAsync();
        await UseLanguageAsync(culture);
    }

    private sealed record Orders(string Id, string Token);

    private sealed record Data(Guid StoreId, Guid ProductId, string Category, Orders PaidOrder, Orders PendingOrder, Guid ReadyOrderId, string SlotDate,
        string UnsubscribeToken);

    /// <summary>The demo history (so the board, the no-shows and the dashboard have rows), a paid and an unpaid order of a drill.</summary>
    private async Task<Data> SetUpAsync()
    {
        await App.SeedDemoOrdersAsync();
        var store = await StoreAsync("PAR01");
        var drill = await ProductAsync("TLS-001");
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            UPDATE store_stock SET on_hand = reserved + 20 WHERE store_id = {store.Id} AND product_id = {drill.Id}
            """));
        var (paidId, paidToken) = await App.PaidOrderAsync(store, (drill, 1));
        var client = App.CreateClient();
        var pending = await client.PlaceOrderAsync(TestData.OrderBody(store, await client.FirstSlotAsync(store), (drill, 1)));
        var paidGuid = Guid.Parse(paidId);
        var slotStart = await App.WithDbAsync(db => db.Orders.Where(o => o.Id == paidGuid).Select(o => o.SlotStart).SingleAsync());
        var readyId = await App.WithDbAsync(db => db.Orders.Where(o => o.StoreId == store.Id && o.Status == O2O.Domain.Orders.OrderStatus.ReadyForPickup)
            .OrderBy(o => o.Number).Select(o => o.Id).FirstAsync());
        var shopper = await App.WithDbAsync(db => db.Users.Where(u => u.Email == ShopperEmail).Select(u => u.Id).SingleAsync());
        // A line in the shopper's points history, so the loyalty page shows its table, with a long reason to wrap.
        (await App.SendAsync(new AdjustLoyaltyPoints(shopper, 1200, "Welcome gift for the opening of the Paris Rivoli store",
            Guid.NewGuid(), new Actor(null, "admin", true, false)))).IsSuccess.ShouldBeTrue();
        var unsubscribe = App.Services.GetRequiredService<IUnsubscribeTokens>().Issue(new UnsubscribeTicket(shopper, null));
        return new Data(store.Id, drill.Id, drill.Category, new Orders(paidId, paidToken),
            new Orders(pending["id"]!.GetValue<string>(), pending["accessToken"]!.GetValue<string>()), readyId,
            TimeZoneInfo.ConvertTime(slotStart, store.TimeZone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), unsubscribe);
    }
}

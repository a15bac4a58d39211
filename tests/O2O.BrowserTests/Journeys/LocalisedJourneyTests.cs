using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.IntegrationTests.Infrastructure;
using O2O.Web.Localization;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Journeys;

/// <summary>
/// The three journeys of issue 12 on a phone, in French and in Arabic (right to left): a guest's purchase, a clerk's
/// hand-over and an admin's store edit. Every step is saved (artifacts/screenshots/journey-{culture}-…) and every page is
/// checked with axe-core. Elements are found by id, name, role or data attribute, never by a text, so the walks hold
/// whatever the translations say.
/// </summary>
public sealed class LocalisedJourneyTests(BrowserApp fixture) : BrowserTest(fixture)
{
    private const string StaffEmail = "staff.par01@o2o.test";
    private const string AdminEmail = "admin@o2o.test";

    protected override bool OnPhone => true;

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task Guest_BuysAndPaysOnAPhone_InTheirLanguage(string culture)
    {
        Journey = $"journey-{culture}-purchase";
        await SetOnHandAsync("PAR01", "TLS-001", 10);
        var store = await StoreAsync("PAR01");
        var drill = await ProductAsync("TLS-001");
        await UseLanguageAsync(culture);

        await Page.GotoAsync("/");
        await ExpectLanguageAsync(culture);
        await StepAsync("home", audit: true);
        await Page.Locator("#hero-q").FillAsync("drill");
        await Page.Locator("#hero-q").PressAsync("Enter");
        await Expect(Page).ToHaveURLAsync(new Regex(@"/products\?search=drill$"));
        var result = Page.Locator($"main .card a[href='/products/{drill.Id}']");
        await Expect(result).ToBeVisibleAsync();
        await StepAsync("search-results", audit: true);
        await result.ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex($"/products/{drill.Id}$"));
        await ExpectLanguageAsync(culture);
        await StepAsync("product", audit: true);
        await Page.Locator("main a[href='/stores']").First.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/stores$"));
        await StepAsync("stores", audit: true);
        await Page.Locator($"main a[href='/stores/{store.Id}']").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/stores/{store.Id}$"));
        await StepAsync("store", audit: true);
        await Page.Locator("main form[action*='handler=Choose'] button[type=submit]").ClickAsync();
        await Expect(Page.Locator("main form[action*='handler=Choose'] .badge.ok")).ToBeVisibleAsync();
        await StepAsync("store-chosen", audit: true);

        await Page.GotoAsync($"/products/{drill.Id}");
        await Page.Locator("#quantity").FillAsync("2");
        await Page.Locator("form.add-to-cart button[type=submit]").ClickAsync();
        await Expect(Page.Locator("a.cart-link .badge")).ToHaveTextAsync("2");
        await StepAsync("added-to-cart", audit: true);

        await Page.Locator("a.cart-link").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/cart$"));
        await Expect(Page.Locator($"table.cart a[href='/products/{drill.Id}']")).ToBeVisibleAsync();
        await Expect(Page.Locator($"#qty-{drill.Id}")).ToHaveValueAsync("2");
        await StepAsync("cart", audit: true);
        await Page.Locator("main a[href='/checkout']").ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/checkout$"));
        await Page.Locator("#Input_Name").FillAsync(culture == "ar" ? "ليلى حداد" : "Amélie Durand");
        await Page.Locator("#Input_Email").FillAsync($"guest.{culture}@example.test");
        await Page.Locator("#Input_Phone").FillAsync("+33 6 12 34 56 78");
        var slot = Page.Locator(".slot:not(.full)").First;
        await slot.Locator("label").ClickAsync();
        await Expect(slot.Locator("input[type=radio]")).ToBeCheckedAsync();
        await StepAsync("checkout", audit: true);
        await Page.Locator("[data-place-order]").ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex(@"/orders/[0-9a-f-]+/pay\?token="));
        var orderId = Guid.Parse(Regex.Match(Page.Url, "/orders/([0-9a-f-]+)/pay").Groups[1].Value);
        await Expect(Page.Locator("a.cart-link .badge")).ToHaveTextAsync("0");
        await StepAsync("pay", audit: true);
        await Page.Locator("[data-pay-button][value=succeeded]").ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex($@"/orders/{orderId}\?token="));
        var code = await App.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.PickupCode).SingleAsync());
        code.ShouldNotBeNullOrEmpty();
        await Expect(Page.Locator(".pass .pickup-code")).ToHaveTextAsync(code);
        var qr = Page.Locator(".pass img");
        await Expect(qr).ToBeVisibleAsync();
        (await qr.EvaluateAsync<int>("img => img.naturalWidth")).ShouldBeGreaterThan(0, "the QR image should load");
        await ExpectLanguageAsync(culture);
        await StepAsync("order", audit: true);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task Clerk_PreparesAndHandsOverAnOrderOnAPhone_InTheirLanguage(string culture)
    {
        Journey = $"journey-{culture}-handover";
        await SetOnHandAsync("PAR01", "TLS-001", 10);
        var store = await StoreAsync("PAR01");
        var drill = await ProductAsync("TLS-001");
        var (id, _) = await App.PaidOrderAsync(store, (drill, 1));
        var orderId = Guid.Parse(id);
        var (number, code, slotStart) = await App.WithDbAsync(db => db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new ValueTuple<string, string?, DateTimeOffset>(o.Number, o.PickupCode, o.SlotStart)).SingleAsync());
        var slotDate = TimeZoneInfo.ConvertTime(slotStart, store.TimeZone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await UseLanguageAsync(culture);

        await SignInAsAsync(StaffEmail, "/staff");
        await ExpectLanguageAsync(culture);
        await StepAsync("my-stores", audit: true);
        await Page.Locator($"main a[href='/staff/stores/{store.Id}']").First.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/staff/stores/{store.Id}$"));
        await Page.GotoAsync($"/staff/stores/{store.Id}?date={slotDate}");
        var card = Page.Locator($"article.order-card[data-order='{number}']");
        await Expect(card.Locator("form button[type=submit]")).ToBeVisibleAsync();
        await StepAsync("board-to-prepare", audit: true);

        await card.Locator("form button[type=submit]").ClickAsync();
        await Expect(Page.Locator("main .alert[role=status]")).ToContainTextAsync(number);
        await Expect(card.Locator($"a.button[href='/staff/orders/{id}']")).ToBeVisibleAsync();
        (await StatusAsync(orderId)).ShouldBe("ReadyForPickup");
        await StepAsync("board-ready", audit: true);

        await Page.Locator($".day-nav a[href='/staff/stores/{store.Id}/handover']").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/staff/stores/{store.Id}/handover$"));
        await Page.Locator("#query").FillAsync(code!);
        await StepAsync("handover", audit: true);
        await Page.Locator("main form[method=post] button[type=submit]").ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex($"/staff/orders/{id}"));
        await Expect(Page.Locator("#pickupCode")).ToHaveValueAsync(code!);
        await StepAsync("order-ready", audit: true);
        await Page.Locator(".collect-form button[type=submit]").ClickAsync();

        await Expect(Page.Locator("main .alert[role=status]")).ToContainTextAsync(number);
        await Expect(Page.Locator(".collect-form")).ToHaveCountAsync(0);
        (await StatusAsync(orderId)).ShouldBe("Collected");
        await ExpectLanguageAsync(culture);
        await StepAsync("order-collected", audit: true);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task Admin_EditsAStoreOnAPhone_InTheirLanguage(string culture)
    {
        Journey = $"journey-{culture}-store-edit";
        var store = await StoreAsync("PAR01");
        store.Pickup.OrdersPerSlot.ShouldNotBe(3);
        await UseLanguageAsync(culture);

        await SignInAsAsync(AdminEmail, "/admin/stores");
        await ExpectLanguageAsync(culture);
        await StepAsync("stores", audit: true);
        await Page.Locator($"main a[href='/admin/stores/edit/{store.Id}']").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/admin/stores/edit/{store.Id}$"));
        await Expect(Page.Locator("#Name")).ToHaveValueAsync(store.Name);
        await StepAsync("store-edit", audit: true);

        await Page.Locator("#OrdersPerSlot").FillAsync("3");
        await StepAsync("store-edit-filled", audit: false);
        await Page.Locator("form.store-form button[type=submit]").ClickAsync();

        await Expect(Page.Locator("main .alert[role=status]")).ToBeVisibleAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/admin/stores/edit/{store.Id}$"));
        await Expect(Page.Locator("#OrdersPerSlot")).ToHaveValueAsync("3");
        (await StoreAsync("PAR01")).Pickup.OrdersPerSlot.ShouldBe(3);
        await ExpectLanguageAsync(culture);
        await StepAsync("store-saved", audit: true);
    }

    /// <summary>
    /// The page is in <paramref name="culture"/>: its root says so (and is right to left in Arabic), and the header's
    /// texts, already translated, are that language's (read from the app's resources, not written out here).
    /// </summary>
    private async Task ExpectLanguageAsync(string culture)
    {
        var root = Page.Locator("html");
        await Expect(root).ToHaveAttributeAsync("lang", culture);
        await Expect(root).ToHaveAttributeAsync("dir", culture == "ar" ? "rtl" : "ltr");
        var header = Page.Locator("header nav").First;
        var expected = await header.GetAttributeAsync("aria-label");
        var names = new[] { nameof(Common.NavMain), nameof(Common.NavStaff), nameof(Common.NavBackOfficeLabel) }
            .Select(key => Common.ResourceManager.GetString(key, CultureInfo.GetCultureInfo(culture))).ToList();
        names.ShouldContain(expected, $"the header's navigation should be named in {culture}, not \"{expected}\"");
        (await Page.EvaluateAsync<string>("() => getComputedStyle(document.body).direction")).ShouldBe(culture == "ar" ? "rtl" : "ltr");
    }

    private Task<string> StatusAsync(Guid orderId) =>
        App.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Status.ToString()).SingleAsync());
}

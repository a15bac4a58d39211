using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Infrastructure;

/// <summary>
/// Base for browser tests: the demo data (with accounts) is loaded anew and each test gets a fresh browser context
/// (no cookies). Every step can be saved as a screenshot under artifacts/screenshots/; script errors, failed
/// requests and refused content (CSP) seen by the browser fail the test.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract partial class BrowserTest(BrowserApp fixture) : IAsyncLifetime
{
    public const string ShopperEmail = "shopper@o2o.test";
    public const string DemoPassword = "Demo-pass-1";

    private readonly List<string> _browserErrors = [];
    private readonly List<IBrowserContext> _otherContexts = [];
    private IBrowserContext _context = null!;
    private int _step;

    protected O2OApp App => fixture.App;
    protected IPage Page { get; private set; } = null!;
    protected IBrowserContext Context => _context;

    /// <summary>A phone held upright (an iPhone 12 to 15's CSS size), for the tests of the mobile layout.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>The window the test's pages open in: a desktop unless the test runs <see cref="OnPhone"/>.</summary>
    protected virtual bool OnPhone => false;

    /// <summary>The file-name prefix of this test's screenshots; each test sets it first.</summary>
    protected string Journey { get; set; } = "";

    public virtual async Task InitializeAsync()
    {
        await App.ResetAsync();
        await App.SeedDemoDataAsync(withAccounts: true);

        (_context, Page) = await OpenContextAsync(await BrowserAsync());
    }

    /// <summary>
    /// A second person's browser context (a clerk's beside the shopper's), set up as the test's own: same window, the
    /// app's pinned instant, axe served and the browser's errors failing the test. Closed when the test ends.
    /// </summary>
    protected async Task<IPage> NewPageInOwnContextAsync(IBrowser browser)
    {
        var (context, page) = await OpenContextAsync(browser);
        _otherContexts.Add(context);
        return page;
    }

    private async Task<(IBrowserContext Context, IPage Page)> OpenContextAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseUrl,
            ViewportSize = OnPhone ? Phone : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = OnPhone,
            HasTouch = OnPhone,
            DeviceScaleFactor = OnPhone ? 2 : 1,
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        // The page's scripts (the hold countdown) read the app's pinned instant, as a shopper's clock agrees with the store's.
        await context.Clock.SetFixedTimeAsync(App.Clock.GetUtcNow().UtcDateTime);
        await Axe.ServeAsync(context, fixture.AxeScript);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") _browserErrors.Add($"console: {m.Text}"); };
        page.PageError += (_, e) => _browserErrors.Add($"script error: {e}");
        page.RequestFailed += (_, r) => _browserErrors.Add($"request failed: {r.Method} {r.Url} {r.Failure}");
        return (context, page);
    }

    /// <summary>The browser the test's context opens in, once the demo data is loaded: the shared one unless a test needs its own.</summary>
    protected virtual Task<IBrowser> BrowserAsync() => Task.FromResult(fixture.Browser);

    public virtual async Task DisposeAsync()
    {
        foreach (var other in _otherContexts) await other.CloseAsync();
        if (_context is not null) await _context.CloseAsync();
        _browserErrors.ShouldBeEmpty("The browser reported problems:\n" + string.Join("\n", _browserErrors));
    }

    /// <summary>Answers the pages in <paramref name="culture"/> from now on, as the language switcher's cookie does.</summary>
    protected Task UseLanguageAsync(string culture) => _context.AddCookiesAsync(
    [
        new Cookie
        {
            Name = O2O.Web.Infrastructure.RequestCultures.CookieName,
            Value = Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.MakeCookieValue(new(culture)),
            Url = fixture.BaseUrl,
        },
    ]);

    /// <summary>Signs in through the sign-in page, by its fields' ids, whatever language it is in; waits for <paramref name="returnUrl"/>.</summary>
    protected async Task SignInAsAsync(string email, string returnUrl, IPage? page = null)
    {
        page ??= Page;
        await page.GotoAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync(DemoPassword);
        await page.Locator("main form[method=post] button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(returnUrl) + "$"));
    }

    /// <summary>Saves the whole page (the test's own unless <paramref name="page"/> is given) as artifacts/screenshots/{journey}-{NN}-{name}.png.</summary>
    protected async Task ScreenshotAsync(string name, IPage? page = null)
    {
        if (Journey == "") throw new InvalidOperationException("Set Journey at the start of the test: it names the screenshots.");
        var path = Path.Combine(fixture.ScreenshotDir, $"{Journey}-{++_step:00}-{name}.png");
        await (page ?? Page).ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }

    /// <summary>Fails, listing them, if axe-core finds serious or critical accessibility violations on the page.</summary>
    protected async Task AssertAccessibleAsync(string pageName, IPage? page = null)
    {
        page ??= Page;
        var violations = await Axe.SeriousViolationsAsync(page);
        violations.ShouldBeEmpty($"axe-core found serious or critical violations on the {pageName} page ({page.Url}):\n" +
                                 string.Join("\n", violations));
    }

    protected ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    protected ILocator Link(string name) => Page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    protected ILocator Alert => Page.Locator(".alert").First;

    // Steps of the shopping journey, as a shopper takes them.

    /// <summary>Saves a screenshot of the step and, when <paramref name="audit"/> is set, checks the page with axe-core.</summary>
    protected async Task StepAsync(string name, bool audit, IPage? page = null)
    {
        await ScreenshotAsync(name, page);
        if (audit) await AssertAccessibleAsync(name, page);
    }

    protected async Task SearchFromHomeAsync(string search, string productName, bool audit = false)
    {
        await Page.GotoAsync("/");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Order online, collect in store" })).ToBeVisibleAsync();
        await StepAsync("home", audit);
        await Page.GetByLabel("What are you looking for?").FillAsync(search);
        await Page.GetByLabel("What are you looking for?").PressAsync("Enter");
        await Expect(Page.GetByText("1 product found")).ToBeVisibleAsync();
        await StepAsync("search-results", audit);
        await Link(productName).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = productName, Level = 1 })).ToBeVisibleAsync();
        await StepAsync("product", audit);
    }

    /// <summary>From the store list: opens the store's page and makes it my store.</summary>
    protected async Task ChooseStoreAsync(string storeName, bool audit = false)
    {
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Stores", Level = 1 })).ToBeVisibleAsync();
        await StepAsync("stores", audit);
        await Link(storeName).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = storeName, Level = 1 })).ToBeVisibleAsync();
        await StepAsync("store", audit);
        await Button("Make this my store").ClickAsync();
        await Expect(Page.GetByText("This is my store")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToContainTextAsync($"My store: {storeName}");
        await ScreenshotAsync("store-chosen");
    }

    protected async Task AddToCartAsync(int quantity)
    {
        await Page.GetByLabel("Quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Button("Add to cart").ClickAsync();
        await Expect(Alert).ToHaveTextAsync($"Added {quantity} to your cart.");
        await ScreenshotAsync("added-to-cart");
    }

    protected async Task OpenCartAsync()
    {
        await Page.Locator("a.cart-link").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Your cart" })).ToBeVisibleAsync();
    }

    /// <summary>Fills the contact details (leaving a prefilled email as it is) and picks the first slot with places left.</summary>
    protected async Task FillCheckoutAsync(string name, string? email)
    {
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        await Page.GetByLabel("Full name").FillAsync(name);
        if (email is not null) await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Phone (optional)").FillAsync("+33 6 12 34 56 78");
        var slot = Page.Locator(".slot:not(.full)").First;
        await slot.Locator("label").ClickAsync();
        await Expect(slot.Locator("input[type=radio]")).ToBeCheckedAsync();
    }

    protected async Task PlaceOrderAsync()
    {
        await Button("4. Place order and pay").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { NameRegex = PayHeading() })).ToBeVisibleAsync();
    }

    /// <summary>Pays on the test payment page and lands on the order page; returns the order number.</summary>
    protected async Task<string> PayAsync()
    {
        var heading = await Page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync();
        var number = PayHeading().Match(heading!).Groups["number"].Value;
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = $"Order {number}", Level = 1 })).ToBeVisibleAsync();
        return number;
    }

    /// <summary>The order page shows the pickup pass of a paid order: its code (as in the database), QR image and calendar link.</summary>
    protected async Task ExpectPickupPassAsync(string number)
    {
        var code = await App.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.PickupCode).SingleAsync());
        code.ShouldNotBeNullOrEmpty();
        await Expect(Page.Locator(".status")).ToHaveTextAsync("Paid: the store is preparing it");
        var pass = Page.GetByRole(AriaRole.Region, new() { Name = "Pickup pass" });
        await Expect(pass.GetByLabel("Pickup code")).ToHaveTextAsync(code);
        var qr = pass.GetByRole(AriaRole.Img, new() { Name = $"QR code of pickup code {code}" });
        await Expect(qr).ToBeVisibleAsync();
        (await qr.EvaluateAsync<int>("img => img.naturalWidth")).ShouldBeGreaterThan(0, "the QR image should load");
        await Expect(pass.GetByRole(AriaRole.Link, new() { Name = "Add to calendar (.ics)" })).ToBeVisibleAsync();
    }

    // Data set up straight in the database, for the paths a shopper can't set up.

    protected Task<Store> StoreAsync(string code) =>
        App.WithDbAsync(db => db.Stores.AsNoTracking().SingleAsync(s => s.Code == code));

    protected Task<Product> ProductAsync(string sku) =>
        App.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Sku == sku));

    protected Task SetOnHandAsync(string storeCode, string sku, int onHand) =>
        App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            UPDATE store_stock SET on_hand = {onHand}
            WHERE store_id = (SELECT id FROM stores WHERE code = {storeCode}) AND product_id = (SELECT id FROM products WHERE sku = {sku})
            """));

    [GeneratedRegex(@"^Pay for order (?<number>\S+)$")]
    private static partial Regex PayHeading();

    [GeneratedRegex(@"^Pay €\d+\.\d\d \(test\)$")]
    private static partial Regex PayButton();
}

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Admin;

/// <summary>The back office in a real browser: the dashboard's charts, a store's schedule and a stock import.</summary>
public sealed class BackOfficeTests(BrowserApp fixture) : BrowserTest(fixture)
{
    private const string AdminEmail = "admin@o2o.test";

    [Fact]
    public async Task Admin_Dashboard_DrawsBothChartsWithTheBundledChartJs()
    {
        Journey = "backoffice-dashboard";
        var chartJs = new List<(string Url, int Status)>();
        Page.Response += (_, r) => { if (r.Url.Contains("/lib/chart.js/", StringComparison.Ordinal)) lock (chartJs) chartJs.Add((r.Url, r.Status)); };

        await SignInAsync("/admin");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Dashboard");
        foreach (var id in new[] { "orders-chart", "revenue-chart" })
        {
            var canvas = Page.Locator($"canvas#{id}");
            await Expect(canvas).ToBeVisibleAsync();
            // Chart.js registers every chart it draws; the canvas gets a real drawing size.
            await Page.WaitForFunctionAsync("id => typeof Chart !== 'undefined' && Chart.getChart(document.getElementById(id)) !== undefined", id);
            (await canvas.EvaluateAsync<int>("c => c.width")).ShouldBeGreaterThan(0, $"{id} should be drawn");
            (await canvas.EvaluateAsync<int>("c => c.height")).ShouldBeGreaterThan(0, $"{id} should be drawn");
        }
        lock (chartJs)
        {
            chartJs.ShouldHaveSingleItem("Chart.js should load once, from the app's /lib/chart.js");
            chartJs[0].Status.ShouldBe(200, chartJs[0].Url);
        }
        await StepAsync("dashboard", audit: true);
    }

    [Fact]
    public async Task Admin_EditsAStoresHoursAndSlots_AndThePublicSlotsFollow()
    {
        Journey = "backoffice-store";
        var store = await StoreAsync("PAR01");

        await SignInAsync("/admin/stores");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Stores", Level = 1 })).ToBeVisibleAsync();
        await StepAsync("stores", audit: true);
        await Page.GetByRole(AriaRole.Row, new() { Name = "Paris Rivoli" }).GetByRole(AriaRole.Link, new() { Name = "PAR01", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Edit PAR01", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Paris Rivoli");
        await StepAsync("store-edit", audit: true);

        var days = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
        foreach (var day in days) await Page.GetByLabel(day, new() { Exact = true }).FillAsync("10:00-12:00");
        await Page.GetByLabel("Slot length (minutes)").FillAsync("15");
        await Page.GetByLabel("Orders per slot").FillAsync("3");
        await StepAsync("store-edit-filled", audit: false);
        await Button("Save store").ClickAsync();

        await Expect(Page.Locator(".alert").First).ToHaveTextAsync("Store saved.");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/admin/stores/edit/{store.Id}$"));
        foreach (var day in days) await Expect(Page.GetByLabel(day, new() { Exact = true })).ToHaveValueAsync("10:00-12:00");
        await Expect(Page.GetByLabel("Slot length (minutes)")).ToHaveValueAsync("15");
        await Expect(Page.GetByLabel("Orders per slot")).ToHaveValueAsync("3");
        await StepAsync("store-saved", audit: true);

        var zone = store.TimeZone;
        var slots = (await App.CreateClient().GetJsonAsync($"/api/v1/stores/{store.Id}/pickup-slots?days=3")).AsArray();
        slots.Count.ShouldBeGreaterThan(0, "the store still has slots in the next three days");
        var allowed = Enumerable.Range(0, 8).Select(i => new TimeOnly(10, 0).AddMinutes(15 * i)).ToHashSet();
        foreach (var slot in slots)
        {
            var start = TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(slot!["start"]!.GetValue<string>(), CultureInfo.InvariantCulture), zone);
            var end = TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(slot["end"]!.GetValue<string>(), CultureInfo.InvariantCulture), zone);
            allowed.ShouldContain(TimeOnly.FromDateTime(start.DateTime), $"slot {start:O} should start between 10:00 and 11:45 local");
            (end - start).ShouldBe(TimeSpan.FromMinutes(15));
            slot["capacity"]!.GetValue<int>().ShouldBe(3);
        }

        await Link("See the store's public page and slots").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Paris Rivoli", Level = 1 })).ToBeVisibleAsync();
        await StepAsync("store-public", audit: false);
    }

    [Fact]
    public async Task Admin_ImportsAStockCsv_AppliesTheGoodRowAndListsTheBadOne()
    {
        Journey = "backoffice-stock";
        var store = await StoreAsync("PAR01");
        var knife = await ProductAsync("KIT-001");
        (await App.StockOfAsync(store, knife)).OnHand.ShouldNotBe(42);

        await SignInAsync("/admin/stock");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Stock", Level = 1 })).ToBeVisibleAsync();
        await StepAsync("stock", audit: true);

        await Page.Locator("input#file").SetInputFilesAsync(new FilePayload
        {
            Name = "stock.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("storeCode,sku,onHand\nPAR01,KIT-001,42\nPAR01,NOPE,1\n"),
        });
        await Button("Import").ClickAsync();

        var result = Page.GetByRole(AriaRole.Status).Filter(new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = "Import: 1 applied, 1 rejected" }) });
        await Expect(result).ToBeVisibleAsync();
        await Expect(result.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Line 3 (PAR01, NOPE, 1): No product has this SKU."]);
        await StepAsync("stock-imported", audit: true);

        (await App.StockOfAsync(store, knife)).OnHand.ShouldBe(42);

        await Page.GotoAsync($"/admin/stock?storeId={store.Id}&search=KIT-001");
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "KIT-001" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("42");
        await StepAsync("stock-row", audit: false);
    }

    private async Task SignInAsync(string returnUrl)
    {
        await Page.GotoAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await Page.GetByLabel("Email").FillAsync(AdminEmail);
        await Page.GetByLabel("Password").FillAsync(DemoPassword);
        await Button("Sign in").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(returnUrl) + "$"));
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using O2O.BrowserTests.Infrastructure;
using O2O.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Storefront;

/// <summary>
/// The storefront installs as an app and the pickup pass a shopper opened still opens at the counter with no
/// connection (ADR 35).
/// </summary>
public sealed class InstallableAppTests(BrowserApp fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_manifest_names_the_app_and_every_icon_it_lists_loads()
    {
        Journey = "installable";
        await Page.GotoAsync("/?culture=fr");

        var href = await Page.Locator("link[rel=manifest]").GetAttributeAsync("href");
        href.ShouldBe("/manifest.webmanifest?culture=fr");
        var text = await Page.EvaluateAsync<string>("async href => (await fetch(href)).text()", href);
        var manifest = JsonDocument.Parse(text).RootElement;
        manifest.GetProperty("short_name").GetString().ShouldBe("O2O");
        manifest.GetProperty("lang").GetString().ShouldBe("fr");
        manifest.GetProperty("display").GetString().ShouldBe("standalone");
        var icons = manifest.GetProperty("icons").EnumerateArray().Select(i => i.GetProperty("src").GetString()!).ToList();
        icons.Count.ShouldBeGreaterThanOrEqualTo(4);
        foreach (var icon in icons)
        {
            var width = await Page.EvaluateAsync<int>(
                "src => new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok(i.naturalWidth); i.onerror = () => fail(src); i.src = src; })", icon);
            width.ShouldBeGreaterThan(0, icon);
        }
    }

    [Fact]
    public async Task The_storefront_registers_its_service_worker_for_the_whole_site()
    {
        Journey = "service-worker";
        await Page.GotoAsync("/");

        var registration = await Page.EvaluateAsync<JsonElement>(
            "async () => { const r = await navigator.serviceWorker.ready; return { script: r.active.scriptURL, scope: r.scope }; }");

        new Uri(registration.GetProperty("script").GetString()!).AbsolutePath.ShouldBe("/sw.js");
        new Uri(registration.GetProperty("scope").GetString()!).AbsolutePath.ShouldBe("/");
    }

    [Fact]
    public async Task A_pickup_pass_opened_once_still_opens_with_the_network_off()
    {
        Journey = "offline-pass";
        await SetOnHandAsync("PAR01", "TLS-001", 10);
        var (id, token) = await App.PaidOrderAsync(await StoreAsync("PAR01"), (await ProductAsync("TLS-001"), 1));
        var code = await App.WithDbAsync(db => db.Orders.Where(o => o.Id == Guid.Parse(id)).Select(o => o.PickupCode).SingleAsync());
        var pass = $"/orders/{id}?token={Uri.EscapeDataString(token)}";

        await Page.GotoAsync("/");
        await Page.EvaluateAsync("() => navigator.serviceWorker.ready");
        await Page.GotoAsync(pass);
        await ExpectPickupPassAsync(await OrderNumberAsync(id));
        await Expect(Page.Locator("[data-offline-copy]")).ToBeHiddenAsync();

        await Page.Context.SetOfflineAsync(true);
        await Page.ReloadAsync();

        var region = Page.GetByRole(Microsoft.Playwright.AriaRole.Region, new() { Name = "Pickup pass" });
        await Expect(region.GetByLabel("Pickup code")).ToHaveTextAsync(code!);
        var qr = region.GetByRole(Microsoft.Playwright.AriaRole.Img, new() { Name = $"QR code of pickup code {code}" });
        await Expect(qr).ToBeVisibleAsync();
        (await qr.EvaluateAsync<int>("img => img.naturalWidth")).ShouldBeGreaterThan(0, "the QR image should load offline");
        await Expect(Page.Locator("[data-offline-copy]")).ToHaveTextAsync(
            "You are offline: this is the copy saved on this device, and the order may have changed since.");
        await StepAsync("pass-offline", audit: true);

        // The network really is off: a page never opened gets the offline page, not the shop.
        await Page.GotoAsync("/stores");
        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "You are offline", Level = 1 })).ToBeVisibleAsync();
        await StepAsync("offline-page", audit: true);
        await Page.Context.SetOfflineAsync(false);
    }

    private Task<string> OrderNumberAsync(string id) =>
        App.WithDbAsync(db => db.Orders.Where(o => o.Id == Guid.Parse(id)).Select(o => o.Number).SingleAsync());
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using O2O.BrowserTests.Infrastructure;
using O2O.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace O2O.BrowserTests.Staff;

/// <summary>
/// The live desk in a real browser: the clerk's board, open in one browser context, shows an order placed and a shopper
/// who taps "I'm here" in another, without a reload; the arrival is highlighted, announced and beeped, and the beep can be muted.
/// </summary>
public sealed class LiveBoardTests(BrowserApp fixture) : BrowserTest(fixture)
{
    private const string StaffEmail = "staff.par01@o2o.test";

    // Counts the tones the page starts: what the test can hear of the Web Audio beep.
    private const string CountTones = """
        window.__tones = 0;
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function (...args) { window.__tones++; return start.apply(this, args); };
        """;

    private async Task<(string Id, string Token, string Number)> PaidOrderAsync()
    {
        var (id, token) = await App.PaidOrderAsync(await StoreAsync("PAR01"), (await ProductAsync("TLS-001"), 1));
        var orderId = Guid.Parse(id);
        var number = await App.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Number).SingleAsync());
        return (id, token, number);
    }

    private static async Task ArriveAsync(IPage shopper, string id, string token, string note)
    {
        await shopper.GotoAsync($"/orders/{id}?token={Uri.EscapeDataString(token)}");
        await TapImHereAsync(shopper, note);
    }

    /// <summary>On the pickup pass open in <paramref name="shopper"/>: tells the desk "I'm here", with a note.</summary>
    internal static async Task TapImHereAsync(IPage shopper, string note)
    {
        await shopper.GetByLabel("Where are you? (optional)").FillAsync(note);
        await shopper.GetByRole(AriaRole.Button, new() { Name = "I'm here", Exact = true }).ClickAsync();
        await Expect(shopper.Locator(".arrival-known")).ToContainTextAsync("The desk knows you're here");
    }

    [Fact]
    public async Task The_board_shows_a_new_order_and_an_arrival_without_a_reload_and_the_beep_can_be_muted()
    {
        Journey = "live-board";
        await SetOnHandAsync("PAR01", "TLS-001", 20);
        var store = await StoreAsync("PAR01");
        var (firstId, firstToken, firstNumber) = await PaidOrderAsync();
        var slotStart = await App.WithDbAsync(db => db.Orders.Where(o => o.Id == Guid.Parse(firstId)).Select(o => o.SlotStart).SingleAsync());
        var slotDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(slotStart, store.TimeZone).DateTime)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Context.AddInitScriptAsync(CountTones);

        await SignInAsAsync(StaffEmail, "/staff");
        await Page.GotoAsync($"/staff/stores/{store.Id}?date={slotDate}");
        await Expect(Page.Locator("[data-live-status]")).ToHaveTextAsync("Live: this board updates itself.");
        await Expect(Page.Locator($"article.order-card[data-order='{firstNumber}']")).ToBeVisibleAsync();
        await Page.EvaluateAsync("() => window.__sameDocument = true");

        // Placed and paid elsewhere: the card appears on the open board.
        var (secondId, secondToken, secondNumber) = await PaidOrderAsync();
        var second = Page.Locator($"article.order-card[data-order='{secondNumber}']");
        await Expect(second).ToBeVisibleAsync();
        await StepAsync("new-order", audit: true);

        // The shopper, on their own phone, taps "I'm here" on the pass.
        App.Clock.Set(slotStart.AddMinutes(-10));
        await using var shopperContext = await Context.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = new Uri(Page.Url).GetLeftPart(UriPartial.Authority),
            Locale = "en-GB",
        });
        var shopper = await shopperContext.NewPageAsync();
        await ArriveAsync(shopper, firstId, firstToken, "Blue car, bay 3");

        var first = Page.Locator($"article.order-card[data-order='{firstNumber}']");
        await Expect(first.Locator(".arrived")).ToContainTextAsync("Here since");
        await Expect(first.Locator(".arrival-note")).ToHaveTextAsync("Note: Blue car, bay 3");
        await Expect(first).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bcue\b"));
        await Expect(Page.Locator("[data-cue-announcer]")).ToHaveTextAsync($"Order {firstNumber}: Ada Lovelace is here.");
        (await Page.EvaluateAsync<int>("() => window.__tones")).ShouldBeGreaterThan(0, "an arrival beeps");
        (await Page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the board was updated in place, not reloaded");
        await StepAsync("arrival-cue", audit: true);

        // Muted, the next arrival is shown and announced but makes no sound; touching the card clears its highlight.
        var mute = Page.GetByRole(AriaRole.Button, new() { Name = "Mute alert sound", Exact = true });
        await mute.ClickAsync();
        await Expect(mute).ToHaveAttributeAsync("aria-pressed", "true");
        await first.ClickAsync(new LocatorClickOptions { Position = new Position { X = 4, Y = 4 } });
        await Expect(first).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bcue\b"));
        var tones = await Page.EvaluateAsync<int>("() => window.__tones");
        await ArriveAsync(shopper, secondId, secondToken, "At the door");
        await Expect(second).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bcue\b"));
        await Expect(Page.Locator("[data-cue-announcer]")).ToHaveTextAsync($"Order {secondNumber}: Ada Lovelace is here.");
        (await Page.EvaluateAsync<int>("() => window.__tones")).ShouldBe(tones, "a muted board makes no sound");
        await StepAsync("muted-arrival", audit: true);

        // The desk's choice is kept for the next time the board opens.
        await Page.ReloadAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Mute alert sound", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
    }
}

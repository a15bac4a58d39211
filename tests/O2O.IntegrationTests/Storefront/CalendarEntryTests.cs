using System.Globalization;
using System.Net;
using System.Text;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Storefront;

/// <summary>The "add to calendar" file: valid iCalendar, and nothing in it that opens the order.</summary>
public sealed class CalendarEntryTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
        _store = await App.StoreAsync("HOME1");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
    }

    [Fact]
    public async Task TheCalendarFile_IsFoldedUtcICalendar_AndLinksToTheOrderWithoutItsTokenOrPickupCode()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        var order = await App.CreateClient().GetOrderAsync(id, token);
        var pickupCode = order["pickupCode"]!.GetValue<string>();
        var slotStart = DateTimeOffset.Parse(order["pickupSlot"]!["start"]!.GetValue<string>(), CultureInfo.InvariantCulture);

        var response = await App.CreateClient().GetAsync($"/orders/{id}?handler=Calendar&token={Uri.EscapeDataString(token)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var ics = await response.Content.ReadAsStringAsync();
        // RFC 5545 3.1: lines end with CRLF and are at most 75 octets; a longer one is folded onto lines starting with a space.
        var lines = ics.Split("\r\n");
        lines.ShouldAllBe(l => Encoding.UTF8.GetByteCount(l) <= 75);
        lines.ShouldContain(l => l.StartsWith(' '));
        var unfolded = ics.Replace("\r\n ", "");
        unfolded.ShouldContain($"DTSTART:{slotStart.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}\r\n");
        unfolded.ShouldContain($"URL:http://localhost/orders/{id}/open\r\n");
        unfolded.ShouldNotContain(token);
        unfolded.ShouldNotContain(Uri.EscapeDataString(token));
        unfolded.ShouldNotContain(pickupCode);
    }

    [Fact]
    public async Task TheCalendarLink_ShowsAStrangerHowToReachTheOrder_NotTheOrder()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        var pickupCode = (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();

        var html = await PageClient.For(App).GetAsync($"/orders/{id}/open");

        html.ShouldContain("Open your order");
        html.ShouldContain("confirmation email");
        html.ShouldNotContain(pickupCode);
    }
}

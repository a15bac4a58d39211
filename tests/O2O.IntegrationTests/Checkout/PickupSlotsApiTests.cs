using System.Net;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Checkout;

public sealed class PickupSlotsApiTests(O2OApp app) : IntegrationTest(app)
{
    [Theory]
    [InlineData("2026-03-29", "+02:00")]
    [InlineData("2026-10-25", "+01:00")]
    public async Task AParisStore_OnADaylightSavingDay_OffersEverySlotOnce_WithTheLocalOffset(string day, string offset)
    {
        var store = await App.StoreAsync(ordersPerSlot: 4);
        App.Clock.Set(DateTimeOffset.Parse(day + "T00:00:00Z").AddDays(-3));

        var slots = (await App.CreateClient().GetJsonAsync($"/api/v1/stores/{store.Id}/pickup-slots?from={day}&days=1")).AsArray();

        slots.Count.ShouldBe(24); // 08:00–20:00 in 30 minutes
        slots[0]!["start"]!.GetValue<string>().ShouldBe($"{day}T08:00:00{offset}");
        slots[^1]!["end"]!.GetValue<string>().ShouldBe($"{day}T20:00:00{offset}");
        slots.Select(s => s!["start"]!.GetValue<string>()).Distinct().Count().ShouldBe(24);
        slots.ShouldAllBe(s => s!["capacity"]!.GetValue<int>() == 4 && s["remaining"]!.GetValue<int>() == 4);
    }

    [Fact]
    public async Task Slots_StartAfterTheLeadTime()
    {
        var store = await App.StoreAsync();
        App.Clock.Set(new DateTimeOffset(2026, 6, 10, 10, 5, 0, TimeSpan.Zero)); // 12:05 in Paris

        var slots = (await App.CreateClient().GetJsonAsync($"/api/v1/stores/{store.Id}/pickup-slots?days=1")).AsArray();

        slots[0]!["start"]!.GetValue<string>().ShouldBe("2026-06-10T13:30:00+02:00");
    }

    [Theory]
    [InlineData("days=0")]
    [InlineData("days=1000")]
    [InlineData("from=yesterday")]
    public async Task BadQueryValues_Get400(string query)
    {
        var store = await App.StoreAsync();

        await (await App.CreateClient().GetAsync($"/api/v1/stores/{store.Id}/pickup-slots?{query}")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnUnknownStore_Gets404()
    {
        await (await App.CreateClient().GetAsync($"/api/v1/stores/{Guid.NewGuid()}/pickup-slots")).ProblemAsync(HttpStatusCode.NotFound);
    }
}

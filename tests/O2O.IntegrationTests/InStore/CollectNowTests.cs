using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Diagnostics;
using O2O.Application.Jobs;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.InStore;

/// <summary>
/// "Collect now": a shopper in the store orders from the shelf and collects at the desk once it is prepared. The order
/// is placed like any other, with a guarded capacity per quarter hour of the store's clock instead of a slot place.
/// </summary>
public sealed class CollectNowTests(O2OApp app) : IntegrationTest(app)
{
    // 10:07 in Paris (UTC+2). With 10 minutes to prepare the order is ready at 10:17, in the 10:15 quarter hour.
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 7, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Window = new(2026, 6, 10, 8, 15, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Product _lamp = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("PAR09");
        _lamp = await App.ProductAsync("LAMP-9", 2500);
        await App.StockAsync(_store, _lamp, 1000);
    }

    private Task TakeCollectNowAsync(bool enabled = true, int minutes = 10, int perWindow = 3) =>
        App.WithDbAsync(async db =>
        {
            var store = await db.Stores.SingleAsync(s => s.Id == _store.Id);
            store.ChangeCollectNow(new CollectNowSettings(enabled, minutes, perWindow));
            await db.SaveChangesAsync();
        });

    private object Body(object? slot = null) => new
    {
        storeId = _store.Id,
        collectNow = true,
        pickupSlotStart = slot,
        customer = new { email = "ada@example.test", name = "Ada Lovelace" },
        lines = new[] { new { productId = _lamp.Id, quantity = 1 } },
    };

    private Task<HttpResponseMessage> PlaceAsync(object body, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return App.CreateClient().SendAsync(request);
    }

    private Task<List<int>> BookedAsync() => App.WithDbAsync(db => db.Database.SqlQuery<int>(
        $"SELECT booked AS \"Value\" FROM collect_now_bookings WHERE store_id = {_store.Id}").ToListAsync());

    [Fact]
    public async Task A_hundred_shoppers_at_once_for_a_quarter_hour_of_seven_place_exactly_seven()
    {
        await TakeCollectNowAsync(perWindow: 7);
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 100).Select(async _ =>
        {
            using var client = App.CreateClient();
            await start.WaitAsync();
            var response = await client.PostJsonAsync("/api/v1/orders", Body());
            return (response.StatusCode, Json: await response.Content.ReadFromJsonAsync<JsonNode>());
        }).ToList();
        start.Release(100);
        var results = await Task.WhenAll(tasks);

        results.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(7);
        results.Where(r => r.StatusCode != HttpStatusCode.Created)
            .ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict && (string)r.Json!["code"]! == "collect_now_full");
        (await BookedAsync()).ShouldBe([7]);
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((1000, 7)); // the losers' holds were rolled back with their booking
        (await App.WithDbAsync(db => db.Orders.CountAsync(o => o.CollectNowWindow == Window))).ShouldBe(7);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_order_is_ready_after_the_minutes_to_prepare_and_waits_until_closing()
    {
        await TakeCollectNowAsync();

        var placed = await (await PlaceAsync(Body())).JsonAsync();

        ((bool)placed["collectNow"]!).ShouldBeTrue();
        ((string)placed["readyAt"]!).ShouldStartWith("2026-06-10T10:17:00+02:00");
        ((string)placed["pickupSlot"]!["end"]!).ShouldStartWith("2026-06-10T20:00:00+02:00");
        var order = await App.CreateClient().GetOrderAsync((string)placed["id"]!, (string)placed["accessToken"]!);
        ((bool)order["collectNow"]!).ShouldBeTrue();
        ((string)order["readyAt"]!).ShouldStartWith("2026-06-10T10:17:00+02:00");
        (await App.WithDbAsync(db => db.Database.SqlQuery<int>($"SELECT COUNT(*)::int AS \"Value\" FROM pickup_slot_bookings").SingleAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_full_quarter_hour_names_the_next_one_and_an_expired_order_gives_its_place_back()
    {
        await TakeCollectNowAsync(perWindow: 1);
        var first = await (await PlaceAsync(Body())).JsonAsync();

        var full = await (await PlaceAsync(Body(), "fr")).ProblemAsync(HttpStatusCode.Conflict);
        ((string)full["code"]!).ShouldBe("collect_now_full");
        ((string)full["title"]!).ShouldContain("10:30 (UTC+2)");
        full["nextWindowStart"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 6, 10, 8, 30, 0, TimeSpan.Zero));

        App.Clock.Set(Morning.AddMinutes(16)); // the unpaid hold (15 minutes) has run out
        (await App.SendAsync(new ExpireHolds())).ShouldBe(1);
        (await BookedAsync()).ShouldBe([0]);
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((1000, 0));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
        first["id"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_cancelled_order_gives_its_place_back_to_the_next_shopper()
    {
        await TakeCollectNowAsync(perWindow: 1);
        var client = App.CreateClient();
        var placed = await (await PlaceAsync(Body())).JsonAsync();
        var id = (string)placed["id"]!;
        (await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PlaceAsync(Body())).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/cancel") { Content = JsonContent.Create(new { }) };
        cancel.Headers.Add("X-Order-Token", (string)placed["accessToken"]!);
        (await client.SendAsync(cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await BookedAsync()).ShouldBe([0]);
        (await PlaceAsync(Body())).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Collect_now_with_a_pickup_slot_is_a_field_error()
    {
        await TakeCollectNowAsync();

        var problem = await (await PlaceAsync(Body(slot: Morning.AddHours(2)))).ProblemAsync(HttpStatusCode.BadRequest);

        problem["errors"]!["collectNow"].ShouldNotBeNull();
        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_store_that_does_not_take_collect_now_refuses_it_in_the_shoppers_language()
    {
        await TakeCollectNowAsync(enabled: false);

        var problem = await (await PlaceAsync(Body(), "ar")).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        ((string)problem["code"]!).ShouldBe("collect_now_not_offered");
        ((string)problem["title"]!).ShouldContain("لا يقبل هذا المتجر طلبات الاستلام الفوري");
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((1000, 0));
    }

    [Theory]
    [InlineData(17, 51)] // 19:51 in Paris: ready at 20:01, after closing
    [InlineData(19, 0)]  // 21:00: closed
    [InlineData(4, 0)]   // 06:00: not open yet
    public async Task A_closed_store_or_one_closing_before_the_order_is_ready_refuses_it(int utcHour, int minute)
    {
        await TakeCollectNowAsync();
        App.Clock.Set(new DateTimeOffset(2026, 6, 10, utcHour, minute, 0, TimeSpan.Zero));

        var problem = await (await PlaceAsync(Body())).ProblemAsync(HttpStatusCode.Conflict);

        ((string)problem["code"]!).ShouldBe("collect_now_closed");
        (await BookedAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_closure_day_refuses_it()
    {
        await TakeCollectNowAsync();
        await App.WithDbAsync(async db =>
        {
            var store = await db.Stores.Include(s => s.Closures).SingleAsync(s => s.Id == _store.Id);
            store.CloseOn(new DateOnly(2026, 6, 10), "Inventory");
            await db.SaveChangesAsync();
        });

        ((string)(await (await PlaceAsync(Body())).ProblemAsync(HttpStatusCode.Conflict))["code"]!).ShouldBe("collect_now_closed");
    }

    [Fact]
    public async Task The_invariant_check_sees_a_booking_no_order_holds()
    {
        await TakeCollectNowAsync();
        await PlaceAsync(Body());
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE collect_now_bookings SET booked = booked + 1 WHERE store_id = {_store.Id}"));

        var report = await App.SendAsync(new CheckInvariants());

        report.Violations.ShouldContain(v => v.Kind == "collect_now.booked" && v.Recorded == 2 && v.Expected == 1);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.InStore;

/// <summary>
/// "I'm here": from half an hour before the slot until the store stops holding the order, the shopper tells the desk
/// they have arrived, with an optional note; the board shows who waits and for how long.
/// </summary>
public sealed class ArrivalTests(O2OApp app) : IntegrationTest(app)
{
    // 10:00 in Paris; the first slot (lead time one hour) starts at 11:00 (09:00 UTC), so "I'm here" opens at 08:30 UTC.
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Product _lamp = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("PAR08");
        _lamp = await App.ProductAsync("LAMP-8", 2500);
        await App.StockAsync(_store, _lamp, 5);
    }

    private Task<HttpResponseMessage> ArriveAsync(string id, string? token, object body, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/arrived") { Content = JsonContent.Create(body) };
        if (token is not null) request.Headers.Add("X-Order-Token", token);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return App.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task Too_early_is_refused_with_the_time_it_opens_on_the_stores_clock()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_lamp, 1));

        var problem = await (await ArriveAsync(id, token, new { note = "bay 3" }, "fr")).ProblemAsync(HttpStatusCode.Conflict);

        ((string)problem["code"]!).ShouldBe("arrival_too_early");
        ((string)problem["title"]!).ShouldContain("10:30 (UTC+2)");
        problem["opensAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 6, 10, 8, 30, 0, TimeSpan.Zero));
        (await App.CreateClient().GetOrderAsync(id, token))["arrival"]!["arrivedAt"].ShouldBeNull();
    }

    [Fact]
    public async Task Saying_it_again_keeps_the_first_time_and_takes_the_newest_note()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_lamp, 1));
        App.Clock.Set(Morning.AddMinutes(40));

        var first = await (await ArriveAsync(id, token, new { })).Content.ReadFromJsonAsync<JsonNode>();
        ((string)first!["arrival"]!["arrivedAt"]!).ShouldStartWith("2026-06-10T10:40:00+02:00");
        App.Clock.Set(Morning.AddMinutes(45));
        var again = await ArriveAsync(id, token, new { note = "  Blue car, bay 3 " });
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var order = await App.CreateClient().GetOrderAsync(id, token);
        ((string)order["arrival"]!["arrivedAt"]!).ShouldStartWith("2026-06-10T10:40:00+02:00");
        ((string)order["arrival"]!["note"]!).ShouldBe("Blue car, bay 3");
    }

    [Fact]
    public async Task A_note_too_long_is_a_field_error_and_nothing_is_recorded()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_lamp, 1));
        App.Clock.Set(Morning.AddMinutes(40));

        var problem = await (await ArriveAsync(id, token, new { note = new string('x', 201) })).ProblemAsync(HttpStatusCode.BadRequest);

        problem["errors"]!["note"].ShouldNotBeNull();
        (await App.CreateClient().GetOrderAsync(id, token))["arrival"]!["arrivedAt"].ShouldBeNull();
    }

    [Fact]
    public async Task After_the_hold_or_once_collected_there_is_nobody_to_wait_for()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_lamp, 1));
        App.Clock.Set(Morning.AddDays(4));
        ((string)(await (await ArriveAsync(id, token, new { })).ProblemAsync(HttpStatusCode.Conflict))["code"]!).ShouldBe("arrival_too_late");

        App.Clock.Set(Morning.AddMinutes(40));
        var (cancelled, cancelToken) = await App.PaidOrderAsync(_store, (_lamp, 1));
        var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{cancelled}/cancel") { Content = JsonContent.Create(new { }) };
        cancel.Headers.Add("X-Order-Token", cancelToken);
        (await App.CreateClient().SendAsync(cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string)(await (await ArriveAsync(cancelled, cancelToken, new { })).ProblemAsync(HttpStatusCode.Conflict))["code"]!).ShouldBe("not_waiting_for_pickup");
    }

    [Fact]
    public async Task Only_the_holder_of_the_order_may_say_they_are_here()
    {
        var (id, _) = await App.PaidOrderAsync(_store, (_lamp, 1));
        App.Clock.Set(Morning.AddMinutes(40));
        (await ArriveAsync(id, null, new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ArriveAsync(id, "not-the-token", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_pass_offers_it_and_the_board_shows_who_waits_and_for_how_long()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_lamp, 1));
        var shopper = PageClient.For(App);
        var pass = $"/orders/{id}?token={Uri.EscapeDataString(token)}";
        (await shopper.GetAsync(pass)).ShouldNotContain("arrival-form");

        App.Clock.Set(Morning.AddMinutes(40));
        (await shopper.GetAsync(pass + "&culture=fr")).ShouldContain("Vous êtes au magasin ?");
        var sent = await shopper.PostFormAsync(pass, $"/orders/{id}?handler=Arrived", new() { ["token"] = token, ["note"] = "Blue car, bay 3" });
        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        WebUtility.HtmlDecode(await shopper.GetAsync(pass)).Replace('\u202f', ' ').ShouldContain("The desk knows you're here (since 10:40 AM (UTC+2)).");

        App.Clock.Set(Morning.AddMinutes(52));
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
        var clerk = await PageClient.SignedInAsync(App, "desk@o2o.test");
        var board = WebUtility.HtmlDecode(await clerk.GetAsync($"/staff/stores/{_store.Id}?culture=fr"));
        board.ShouldContain("Arrivé(e) à 10:40 (UTC+2) · attend depuis 12 min");
        board.ShouldContain("Note : Blue car, bay 3");
    }
}

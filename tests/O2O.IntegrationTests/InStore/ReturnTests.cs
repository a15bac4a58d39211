using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Diagnostics;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.InStore;

/// <summary>
/// Returns at the counter: a clerk takes collected items back within the store's return window, some back on the shelf
/// of the store that takes them, and the money goes back to the original payment through one refund per return.
/// </summary>
public sealed class ReturnTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Product _lamp = null!;
    private HttpClient _clerk = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("PAR09");
        _lamp = await App.ProductAsync("LAMP-9", 2500);
        await App.StockAsync(_store, _lamp, 10);
        await App.UserAsync("counter@o2o.test", Roles.Staff, _store);
        _clerk = await App.ClientForAsync("counter@o2o.test");
    }

    /// <summary>A paid order, ready, handed over with its code: (id, token, the lamp line's id).</summary>
    private async Task<(string Id, string Token, string LineId)> CollectedOrderAsync(int quantity)
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_lamp, quantity));
        var code = (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();
        (await _clerk.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var collected = await _clerk.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code });
        collected.StatusCode.ShouldBe(HttpStatusCode.OK, await collected.Content.ReadAsStringAsync());
        var lineId = (await collected.JsonAsync())["lines"]![0]!["id"]!.GetValue<string>();
        return (id, token, lineId);
    }

    private static async Task<HttpResponseMessage> ReturnAsync(HttpClient client, string orderId, object body, string? key = null, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/staff/orders/{orderId}/returns")
        {
            Content = System.Net.Http.Json.JsonContent.Create(body),
        };
        if (key is not "") request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    private static object Body(string lineId, int quantity, bool restock = true, string reason = "damaged", Guid? storeId = null) =>
        new { lines = new[] { new { lineId, quantity, restock } }, reason, storeId };

    private Task<int> RefundCommandsAsync(string orderId) =>
        App.WithDbAsync(db => db.PaymentCommands.CountAsync(c => c.OrderId == Guid.Parse(orderId) && c.ReturnId != null));

    [Fact]
    public async Task A_clerk_takes_back_two_of_three_the_money_goes_back_and_they_are_on_the_shelf_again()
    {
        var (id, token, lineId) = await CollectedOrderAsync(3);
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((7, 0));
        App.Clock.Set(Morning.AddDays(5));
        _clerk = await App.ClientForAsync("counter@o2o.test"); // a bearer token lives for hours, not days

        var response = await ReturnAsync(_clerk, id, Body(lineId, 2, reason: "changed_mind"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var taken = (await response.JsonAsync())["return"]!;
        taken["refund"]!["amount"]!.GetValue<long>().ShouldBe(5000);
        taken["refundStatus"]!.GetValue<string>().ShouldBe("refunded");
        taken["reasonCode"]!.GetValue<string>().ShouldBe("changed_mind");
        taken["reason"]!.GetValue<string>().ShouldBe("Changed their mind");
        taken["lines"]![0]!["quantity"]!.GetValue<int>().ShouldBe(2);
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((9, 0));

        var order = await App.CreateClient().GetOrderAsync(id, token);
        order["status"]!.GetValue<string>().ShouldBe("Collected");
        order["lines"]![0]!["returnedQuantity"]!.GetValue<int>().ShouldBe(2);
        order["lines"]![0]!["returnableQuantity"]!.GetValue<int>().ShouldBe(1);
        order["returns"]!.AsArray().ShouldHaveSingleItem()!["refundStatus"]!.GetValue<string>().ShouldBe("refunded");
        (await RefundCommandsAsync(id)).ShouldBe(1);
        var email = await App.WithDbAsync(db => db.Emails.SingleAsync(e => e.Kind == "return"));
        email.Body.ShouldContain("Store PAR09 took these items back on");
        email.Body.ShouldContain("€50.00");
        (await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "order.return" && a.EntityId == id))).ShouldBe(1);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_line_never_comes_back_beyond_what_was_collected_and_nothing_of_the_refused_return_is_kept()
    {
        var (id, token, lineId) = await CollectedOrderAsync(2);
        (await ReturnAsync(_clerk, id, Body(lineId, 1))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var problem = await (await ReturnAsync(_clerk, id, Body(lineId, 2), language: "fr")).ProblemAsync(HttpStatusCode.Conflict);

        problem["code"]!.GetValue<string>().ShouldBe("return_exceeds_collected");
        problem["errors"]!["lines[0].quantity"]![0]!.GetValue<string>().ShouldBe("Au plus 1 de cette ligne peuvent encore être rendus.");
        var order = await App.CreateClient().GetOrderAsync(id, token);
        order["lines"]![0]!["returnedQuantity"]!.GetValue<int>().ShouldBe(1);
        order["returns"]!.AsArray().Count.ShouldBe(1);
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((9, 0));
        (await RefundCommandsAsync(id)).ShouldBe(1);
    }

    [Fact]
    public async Task The_database_refuses_a_returned_count_beyond_the_collected_one_whoever_writes_it()
    {
        var (id, _, lineId) = await CollectedOrderAsync(2);

        var refused = await Should.ThrowAsync<Exception>(() => App.WithDbAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE order_lines SET returned_quantity = 3 WHERE id = {Guid.Parse(lineId)}")));

        refused.ToString().ShouldContain("ck_order_lines_returned_within_collected");
    }

    [Fact]
    public async Task An_order_not_yet_collected_cannot_be_returned()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_lamp, 1));
        var lineId = (await App.CreateClient().GetOrderAsync(id, token))["lines"]![0]!["id"]!.GetValue<string>();

        var problem = await (await ReturnAsync(_clerk, id, Body(lineId, 1))).ProblemAsync(HttpStatusCode.Conflict);

        problem["code"]!.GetValue<string>().ShouldBe("order_not_collected");
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((10, 1));
    }

    [Fact]
    public async Task After_the_stores_return_window_the_counter_says_until_when_it_was_open()
    {
        var (id, _, lineId) = await CollectedOrderAsync(1);
        App.Clock.Set(Morning.AddDays(30));
        _clerk = await App.ClientForAsync("counter@o2o.test");

        var problem = await (await ReturnAsync(_clerk, id, Body(lineId, 1), language: "fr")).ProblemAsync(HttpStatusCode.Conflict);

        problem["code"]!.GetValue<string>().ShouldBe("return_window_closed");
        problem["title"]!.GetValue<string>().ShouldContain("jusqu’au vendredi 10 juillet 2026");
        problem["returnableUntil"]!.GetValue<DateTimeOffset>().ShouldBe(Morning.AddDays(30));

        // A store may choose a longer window, through the admin API.
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("boss@o2o.test");
        var put = await admin.PutAsync($"/api/v1/admin/stores/{_store.Id}/return-window", System.Net.Http.Json.JsonContent.Create(new { returnWindowDays = 45 }));
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        (await admin.GetJsonAsync($"/api/v1/admin/stores/{_store.Id}/return-window"))["returnWindowDays"]!.GetValue<int>().ShouldBe(45);
        (await ReturnAsync(_clerk, id, Body(lineId, 1))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Bad_input_is_a_clear_error()
    {
        var (id, _, lineId) = await CollectedOrderAsync(1);

        (await (await ReturnAsync(_clerk, id, new { lines = Array.Empty<object>(), reason = "damaged" })).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["lines"].ShouldNotBeNull();
        (await (await ReturnAsync(_clerk, id, Body(lineId, 1, reason: ""))).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["reason"].ShouldNotBeNull();
        (await (await ReturnAsync(_clerk, id, Body(lineId, 0))).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["lines[0].quantity"].ShouldNotBeNull();
        (await (await ReturnAsync(_clerk, id, Body(lineId, 1), key: "")).ProblemAsync(HttpStatusCode.BadRequest))["code"]!.GetValue<string>().ShouldBe("idempotency_key_required");
        (await ReturnAsync(_clerk, id, Body(Guid.NewGuid().ToString(), 1))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ReturnAsync(_clerk, Guid.NewGuid().ToString(), Body(lineId, 1))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ReturnAsync(App.CreateClient(), id, Body(lineId, 1))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // A clerk of another store, for a counter that is not theirs, learns nothing.
        var elsewhere = await App.StoreAsync("LYO09");
        await App.UserAsync("lyon@o2o.test", Roles.Staff, elsewhere);
        var lyon = await App.ClientForAsync("lyon@o2o.test");
        (await ReturnAsync(lyon, id, Body(lineId, 1))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ReturnAsync(_clerk, id, Body(lineId, 1, storeId: elsewhere.Id))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await RefundCommandsAsync(id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_replays_the_first_answer_and_another_body_under_it_is_refused()
    {
        var (id, token, lineId) = await CollectedOrderAsync(3);
        var key = Guid.NewGuid().ToString();

        var first = await ReturnAsync(_clerk, id, Body(lineId, 1), key);
        var again = await ReturnAsync(_clerk, id, Body(lineId, 1), key);
        var other = await ReturnAsync(_clerk, id, Body(lineId, 2), key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await again.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        (await other.ProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>().ShouldBe("idempotency_key_reused");
        (await App.CreateClient().GetOrderAsync(id, token))["returns"]!.AsArray().Count.ShouldBe(1);
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((8, 0));
        (await RefundCommandsAsync(id)).ShouldBe(1);
    }

    [Fact]
    public async Task Twenty_clerks_returning_the_same_line_at_once_take_back_exactly_what_was_collected_one_refund_each()
    {
        var (id, token, lineId) = await CollectedOrderAsync(5);
        await App.UserAsync("second@o2o.test", Roles.Staff, _store);
        var second = await App.ClientForAsync("second@o2o.test");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => ReturnAsync(i % 2 == 0 ? _clerk : second, id, Body(lineId, 1))));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(5);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
            (await refused.ProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>().ShouldBe("return_exceeds_collected");
        var order = await App.CreateClient().GetOrderAsync(id, token);
        order["lines"]![0]!["returnedQuantity"]!.GetValue<int>().ShouldBe(5);
        order["returns"]!.AsArray().Count.ShouldBe(5);
        var perReturn = await App.WithDbAsync(db => db.PaymentCommands.Where(c => c.ReturnId != null)
            .GroupBy(c => c.ReturnId).Select(g => g.Count()).ToListAsync());
        perReturn.Count.ShouldBe(5);
        perReturn.ShouldAllBe(n => n == 1);
        (await App.WithDbAsync(db => db.PaymentCommands.Where(c => c.ReturnId != null).SumAsync(c => c.Amount))).ShouldBe(5 * 2500);
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((10, 0));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Items_come_back_at_another_store_onto_its_shelf_and_what_is_not_restocked_stays_off_every_shelf()
    {
        var (id, _, lineId) = await CollectedOrderAsync(3);
        var lyon = await App.StoreAsync("LYO10");
        await App.UserAsync("lyon@o2o.test", Roles.Staff, lyon);
        var clerk = await App.ClientForAsync("lyon@o2o.test");

        var restocked = await ReturnAsync(clerk, id, Body(lineId, 2, storeId: lyon.Id));
        var writtenOff = await ReturnAsync(clerk, id, Body(lineId, 1, restock: false, storeId: lyon.Id));

        restocked.StatusCode.ShouldBe(HttpStatusCode.Created, await restocked.Content.ReadAsStringAsync());
        writtenOff.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await restocked.JsonAsync())["return"]!["storeName"]!.GetValue<string>().ShouldBe("Store LYO10");
        (await App.StockOfAsync(lyon, _lamp)).ShouldBe((2, 0));
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((7, 0));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_clerk_takes_an_item_back_on_the_order_page_in_french_and_the_shopper_reads_it_in_arabic()
    {
        var (id, token, lineId) = await CollectedOrderAsync(2);
        var clerk = await PageClient.SignedInAsync(App, "counter@o2o.test");
        var page = $"/staff/orders/{id}?culture=fr";
        var form = WebUtility.HtmlDecode(await clerk.GetAsync(page));
        form.ShouldContain("Reprendre des articles");
        form.ShouldContain("Les articles peuvent être rendus jusqu’au vendredi 10 juillet 2026.");
        form.ShouldContain("Endommagé");

        // Too many: the error stands beside the line's quantity, and nothing is taken back.
        var tooMany = await clerk.PostFormAsync(page, $"/staff/orders/{id}?culture=fr&handler=Return", new()
        {
            ["lines[0].LineId"] = lineId, ["lines[0].Quantity"] = "3", ["lines[0].Restock"] = "true", ["reasonCode"] = "damaged", ["returnKey"] = Guid.NewGuid().ToString(),
        });
        tooMany.StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = WebUtility.HtmlDecode(await tooMany.Content.ReadAsStringAsync());
        refused.ShouldContain("<span id=\"return-qty-error-0\" class=\"field-error\"><span class=\"field-validation-error\" data-valmsg-for=\"lines[0].quantity\" data-valmsg-replace=\"true\">Au plus 2 de cette ligne peuvent encore être rendus.</span>");
        // "Other" with no words of the clerk's own: the reason is asked for beside the reason field.
        var noReason = await clerk.PostFormAsync(page, $"/staff/orders/{id}?culture=fr&handler=Return", new()
        {
            ["lines[0].LineId"] = lineId, ["lines[0].Quantity"] = "1", ["reasonCode"] = "other", ["reasonText"] = "", ["returnKey"] = Guid.NewGuid().ToString(),
        });
        WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()).ShouldContain("Indiquez pourquoi les articles sont rendus.");

        var key = Guid.NewGuid().ToString();
        var fields = new Dictionary<string, string>
        {
            ["lines[0].LineId"] = lineId, ["lines[0].Quantity"] = "1", ["reasonCode"] = "other", ["reasonText"] = "Trop petit", ["returnKey"] = key,
        };
        var taken = await clerk.PostFormAsync(page, $"/staff/orders/{id}?culture=fr&handler=Return", fields);
        var twice = await clerk.PostFormAsync(page, $"/staff/orders/{id}?culture=fr&handler=Return", fields); // a double submit

        taken.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        twice.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = WebUtility.HtmlDecode(await clerk.GetAsync(page));
        after.ShouldContain("Les articles sont repris ; 25,00");
        after.ShouldContain("Trop petit");
        after.ShouldContain("non remis en rayon");
        after.ShouldContain("Remboursé");
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((8, 0)); // not restocked
        (await App.CreateClient().GetOrderAsync(id, token))["returns"]!.AsArray().Count.ShouldBe(1);

        var shopper = WebUtility.HtmlDecode(await PageClient.For(App).GetAsync($"/orders/{id}?token={Uri.EscapeDataString(token)}&culture=ar"));
        shopper.ShouldContain("المرتجعات");
        shopper.ShouldContain("يُعاد إلى بطاقتك");
        shopper.ShouldContain("Store PAR09");
    }

    [Fact]
    public async Task An_admin_sets_the_return_window_on_the_store_page_with_errors_beside_the_field()
    {
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await PageClient.SignedInAsync(App, "boss@o2o.test");
        var page = $"/admin/stores/edit/{_store.Id}?culture=ar";
        WebUtility.HtmlDecode(await admin.GetAsync(page)).ShouldContain("مهلة الإرجاع (أيام بعد الاستلام)");

        var wrong = await admin.PostFormAsync(page, $"/admin/stores/edit/{_store.Id}?culture=ar&handler=ReturnWindow", new() { ["returnWindowDays"] = "400" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("data-valmsg-for=\"returnWindowDays\"");
        (await App.WithDbAsync(db => db.Stores.Where(s => s.Id == _store.Id).Select(s => s.ReturnWindowDays).SingleAsync())).ShouldBe(30);

        var saved = await admin.PostFormAsync(page, $"/admin/stores/edit/{_store.Id}?handler=ReturnWindow", new() { ["returnWindowDays"] = "14" });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.WithDbAsync(db => db.Stores.Where(s => s.Id == _store.Id).Select(s => s.ReturnWindowDays).SingleAsync())).ShouldBe(14);
        (await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "store.return-window"))).ShouldBe(1);
    }

    [Fact]
    public async Task The_shoppers_email_is_in_the_language_they_ordered_in_whoever_takes_the_items_back()
    {
        var (id, _, lineId) = await CollectedOrderAsync(1);
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE orders SET culture = 'fr' WHERE id = {Guid.Parse(id)}"));

        (await ReturnAsync(_clerk, id, Body(lineId, 1, reason: "wrong_item"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var email = await App.WithDbAsync(db => db.Emails.SingleAsync(e => e.Kind == "return"));
        email.Subject.ShouldStartWith("Votre retour pour la commande");
        email.Body.ShouldContain("Motif : Mauvais article");
        email.Body.Replace('\u202f', ' ').ShouldContain("25,00 € retournent sur la carte utilisée pour payer");
    }
}

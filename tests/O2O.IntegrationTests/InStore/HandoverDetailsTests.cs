using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Diagnostics;
using O2O.Domain.Catalog;
using O2O.Domain.Orders;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.InStore;

/// <summary>
/// What a real counter needs at hand-over: the stand-in the shopper named, shown to the clerk; and for age-restricted
/// ("ID check") products, the clerk's confirmed ID check before the order is handed over, recorded on the order.
/// </summary>
public sealed class HandoverDetailsTests(O2OApp app) : IntegrationTest(app)
{
    // 10:00 in Paris; the first slot starts at 11:00 (09:00 UTC).
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);
    private const string StandIn = "Zoë O’Brien-Ngũ";

    private Store _store = null!;
    private Product _lamp = null!;
    private Product _knife = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("PAR09");
        _lamp = await App.ProductAsync("LAMP-9", 2500);
        _knife = await App.ProductAsync("KNIFE-9", 4990);
        await App.WithDbAsync(async db =>
        {
            (await db.Products.SingleAsync(p => p.Id == _knife.Id)).RestrictByAge(true);
            await db.SaveChangesAsync();
        });
        await App.StockAsync(_store, _lamp, 10);
        await App.StockAsync(_store, _knife, 10);
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
    }

    private async Task<(string Id, string Token)> PaidOrderAsync(string? collectorName, params (Product, int)[] lines)
    {
        var client = App.CreateClient();
        var body = JsonSerializerBody(TestData.OrderBody(_store, await client.FirstSlotAsync(_store), lines), collectorName);
        var order = await client.PlaceOrderAsync(body);
        var id = order["id"]!.GetValue<string>();
        (await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (id, order["accessToken"]!.GetValue<string>());
    }

    /// <summary>The usual test order, with <c>collectorName</c> added when given.</summary>
    private static JsonNode JsonSerializerBody(object body, string? collectorName)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(body)!;
        if (collectorName is not null) node["collectorName"] = collectorName;
        return node;
    }

    private async Task<HttpClient> ReadyAsync(string id)
    {
        var staff = await App.ClientForAsync("desk@o2o.test");
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return staff;
    }

    private async Task<string> CodeAsync(string id, string token) =>
        (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();

    private Task<Order> OrderAsync(string id) =>
        App.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.History).Include(o => o.Lines).SingleAsync(o => o.Id == Guid.Parse(id)));

    /// <summary>Audit JSON as stored (jsonb spaces it its own way), for comparing.</summary>
    private static string Json(string? json) => JsonNode.Parse(json!)!.ToJsonString();

    private Task<HttpResponseMessage> NameCollectorAsync(string id, string? token, string? name, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/collector") { Content = JsonContent.Create(new { collectorName = name }) };
        if (token is not null) request.Headers.Add("X-Order-Token", token);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return App.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task A_stand_in_named_at_checkout_is_what_the_clerk_sees_on_the_order_and_the_board()
    {
        var (id, token) = await PaidOrderAsync("  Zoë   O’Brien-Ngũ ", (_lamp, 1));

        (await App.CreateClient().GetOrderAsync(id, token))["handover"]!["collectorName"]!.GetValue<string>().ShouldBe(StandIn);
        var staff = await App.ClientForAsync("desk@o2o.test");
        (await staff.GetJsonAsync($"/api/v1/orders/{id}"))["handover"]!["collectorName"]!.GetValue<string>().ShouldBe(StandIn);
        (await staff.GetJsonAsync($"/api/v1/staff/stores/{_store.Id}/orders?date=2026-06-10"))["orders"]![0]!["collectorName"]!.GetValue<string>().ShouldBe(StandIn);

        var clerk = await PageClient.SignedInAsync(App, "desk@o2o.test");
        var page = WebUtility.HtmlDecode(await clerk.GetAsync($"/staff/orders/{id}"));
        page.ShouldContain($"<strong>{StandIn}</strong> <span class=\"muted\">(named by the shopper; not the shopper)</span>");
        WebUtility.HtmlDecode(await clerk.GetAsync($"/staff/stores/{_store.Id}?culture=fr")).ShouldContain($"Retirée par {StandIn}");
        WebUtility.HtmlDecode(await clerk.GetAsync($"/staff/stores/{_store.Id}?culture=ar")).ShouldContain($"يستلمه {StandIn}");
    }

    [Theory]
    [InlineData("R2-D2")]
    [InlineData("<b>Bob</b>")]
    [InlineData("https://example.test")]
    public async Task A_collector_name_that_is_not_a_name_is_a_field_error_in_the_callers_language(string name)
    {
        var client = App.CreateClient();
        var body = JsonSerializerBody(TestData.OrderBody(_store, await client.FirstSlotAsync(_store), (_lamp, 1)), name);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        request.Headers.AcceptLanguage.ParseAdd("fr");

        var problem = await (await client.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);

        ((string)problem["errors"]!["collectorName"]![0]!).ShouldStartWith("Saisissez un nom composé uniquement de lettres");
        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(0);
        var (id, token) = await PaidOrderAsync(null, (_lamp, 1));
        (await (await NameCollectorAsync(id, token, new string('a', 101))).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["collectorName"].ShouldNotBeNull();
        (await OrderAsync(id)).CollectorName.ShouldBeNull();
    }

    [Fact]
    public async Task The_shopper_changes_who_collects_until_the_hand_over_and_history_and_audit_keep_each_change()
    {
        var (id, token) = await PaidOrderAsync(null, (_lamp, 1));
        var shopper = PageClient.For(App);
        var pass = $"/orders/{id}?token={Uri.EscapeDataString(token)}";
        WebUtility.HtmlDecode(await shopper.GetAsync(pass)).ShouldContain("You collect this order yourself.");

        var sent = await shopper.PostFormAsync(pass, $"/orders/{id}?handler=Collector", new() { ["token"] = token, ["collectorName"] = "Grace Hopper" });
        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = WebUtility.HtmlDecode(await shopper.GetAsync(pass));
        page.ShouldContain("Saved: Grace Hopper will collect the order.");
        page.ShouldContain("Grace Hopper collects this order for you.");
        page.ShouldContain("To be collected by Grace Hopper.");
        WebUtility.HtmlDecode(await shopper.GetAsync(pass + "&culture=fr")).ShouldContain("Grace Hopper retire cette commande pour vous.");

        var invalid = await shopper.PostFormAsync(pass, $"/orders/{id}?handler=Collector&culture=ar", new() { ["token"] = token, ["collectorName"] = "Agent 007" });
        WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync()).ShouldContain("أدخل اسمًا يتكون من حروف");

        App.Clock.Set(Morning.AddMinutes(5));
        var cleared = await (await NameCollectorAsync(id, token, null)).JsonAsync();
        cleared["handover"]!["collectorName"].ShouldBeNull();
        cleared["history"]!.AsArray().Select(h => (string?)h!["note"]).ShouldContain("The shopper will collect in person.");
        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "order.collector").OrderBy(a => a.Id).ToListAsync());
        audit.Select(a => (a.Actor, Json(a.Before), Json(a.After))).ShouldBe([
            ("shopper", Json("""{"collectorName":null}"""), Json("""{"collectorName":"Grace Hopper"}""")),
            ("shopper", Json("""{"collectorName":"Grace Hopper"}"""), Json("""{"collectorName":null}""")),
        ]);

        (await NameCollectorAsync(id, "not-the-token", "Mallory")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var staff = await ReadyAsync(id);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = await CodeAsync(id, token) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string)(await (await NameCollectorAsync(id, token, "Too Late")).ProblemAsync(HttpStatusCode.Conflict))["code"]!).ShouldBe("collector_not_changeable");
    }

    [Fact]
    public async Task Without_the_id_check_an_age_restricted_order_is_refused_unchanged_and_no_code_attempt_is_counted()
    {
        var (id, token) = await PaidOrderAsync(null, (_knife, 1), (_lamp, 1));
        var staff = await ReadyAsync(id);
        var code = await CodeAsync(id, token);

        // More refusals than the lock-out allows wrong codes, a wrong code among them: none of them counts.
        for (var i = 0; i < Order.MaxFailedPickupAttempts + 1; i++)
        {
            var refused = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = i == 0 ? "WRONG1" : code, idChecked = i == 1 ? (bool?)false : null });
            var problem = await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity);
            ((string)problem["code"]!).ShouldBe("id_check_required");
            problem["errors"]!["idChecked"].ShouldNotBeNull();
        }

        var order = await OrderAsync(id);
        order.Status.ShouldBe(OrderStatus.ReadyForPickup);
        order.FailedPickupAttempts.ShouldBe(0);
        order.PickupLockedUntil.ShouldBeNull();
        order.IdCheckedAt.ShouldBeNull();
        (await App.StockOfAsync(_store, _knife)).ShouldBe((10, 1));
    }

    [Fact]
    public async Task With_the_id_check_the_order_is_handed_over_and_who_checked_and_when_is_recorded()
    {
        var (id, token) = await PaidOrderAsync(StandIn, (_knife, 1));
        var staff = await ReadyAsync(id);
        (await staff.GetJsonAsync($"/api/v1/orders/{id}"))["lines"]![0]!["ageRestricted"]!.GetValue<bool>().ShouldBeTrue();
        App.Clock.Set(Morning.AddMinutes(50));

        var collected = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = await CodeAsync(id, token), idChecked = true });

        var json = await collected.JsonAsync();
        json["status"]!.GetValue<string>().ShouldBe("Collected");
        json["handover"]!["idCheckedBy"]!.GetValue<string>().ShouldBe("desk@o2o.test");
        ((string)json["handover"]!["idCheckedAt"]!).ShouldStartWith("2026-06-10T10:50:00+02:00");
        var order = await OrderAsync(id);
        (order.IdCheckedAt, order.IdCheckedBy).ShouldBe((Morning.AddMinutes(50), "desk@o2o.test"));
        order.History.Single(h => h.Status == OrderStatus.Collected).NoteCode.ShouldBe(OrderNotes.IdChecked);
        json["history"]!.AsArray().Last()!["note"]!.GetValue<string>().ShouldBe("Collector's ID checked.");
        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "order.id-check"));
        (audit.Actor, audit.EntityId).ShouldBe(("desk@o2o.test", id));
        JsonNode.DeepEquals(JsonNode.Parse(audit.After!), JsonNode.Parse("""{"idChecked":true,"idCheckedBy":"desk@o2o.test"}""")).ShouldBeTrue(audit.After);
        (await App.StockOfAsync(_store, _knife)).ShouldBe((9, 0));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();

        // The shopper's emails said who collects and that ID will be checked.
        var confirmation = await App.WithDbAsync(db => db.Emails.AsNoTracking().SingleAsync(e => e.OrderId == Guid.Parse(id) && e.Kind == "confirmation"));
        confirmation.Body.ShouldContain($"Collected by: {StandIn} (give them the pickup code).");
        confirmation.Body.ShouldContain("Some items are age-restricted: whoever collects must show an ID proving they are an adult.");
    }

    [Fact]
    public async Task The_flag_is_the_one_the_product_had_when_the_order_was_placed()
    {
        var (restricted, restrictedToken) = await PaidOrderAsync(null, (_knife, 1));
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("boss@o2o.test");
        var product = await admin.GetJsonAsync($"/api/v1/admin/products/{_knife.Id}");
        product["ageRestricted"]!.GetValue<bool>().ShouldBeTrue();
        var cleared = await admin.PutAsJsonAsync($"/api/v1/admin/products/{_knife.Id}",
            new { sku = "KNIFE-9", name = "Knife", category = "Test", priceAmount = 4990, currency = "EUR", ageRestricted = false });
        (await cleared.JsonAsync())["ageRestricted"]!.GetValue<bool>().ShouldBeFalse();
        var (unrestricted, unrestrictedToken) = await PaidOrderAsync(null, (_knife, 1));

        var staff = await ReadyAsync(restricted);
        (await ReadyAsync(unrestricted)).Dispose();
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{restricted}/collect", new { pickupCode = await CodeAsync(restricted, restrictedToken) }))
            .StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{unrestricted}/collect", new { pickupCode = await CodeAsync(unrestricted, unrestrictedToken) }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        // An update that leaves the flag out keeps it as it is.
        await admin.PutAsJsonAsync($"/api/v1/admin/products/{_knife.Id}", new { sku = "KNIFE-9", name = "Knife", category = "Test", priceAmount = 4990, currency = "EUR", ageRestricted = true });
        var renamed = await admin.PutAsJsonAsync($"/api/v1/admin/products/{_knife.Id}", new { sku = "KNIFE-9", name = "Chef's knife", category = "Test", priceAmount = 4990, currency = "EUR" });
        (await renamed.JsonAsync())["ageRestricted"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task The_hand_over_page_asks_for_the_id_check_and_refuses_without_it_in_the_clerks_language()
    {
        var (id, token) = await PaidOrderAsync(StandIn, (_knife, 1));
        await ReadyAsync(id);
        var code = await CodeAsync(id, token);
        var clerk = await PageClient.SignedInAsync(App, "desk@o2o.test");
        var orderPage = $"/staff/orders/{id}";
        WebUtility.HtmlDecode(await clerk.GetAsync(orderPage)).ShouldContain($"I checked the ID of {StandIn}: they are an adult.");
        WebUtility.HtmlDecode(await clerk.GetAsync(orderPage + "?culture=ar")).ShouldContain($"تحققت من هوية {StandIn}: إنه بالغ.");

        var refused = await clerk.PostFormAsync(orderPage, $"{orderPage}?handler=Collect&culture=fr", new() { ["pickupCode"] = code });
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        html.ShouldContain("Cette commande contient des articles soumis à une limite d’âge");
        html.ShouldContain($"value=\"{code}\"");
        (await OrderAsync(id)).Status.ShouldBe(OrderStatus.ReadyForPickup);

        var handed = await clerk.PostFormAsync(orderPage, $"{orderPage}?handler=Collect", new() { ["pickupCode"] = code, ["idChecked"] = "true" });
        handed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = WebUtility.HtmlDecode(await clerk.GetAsync(orderPage));
        after.ShouldContain("ID checked by desk@o2o.test");
        after.ShouldContain("Collector's ID checked.");
        (await OrderAsync(id)).Status.ShouldBe(OrderStatus.Collected);
    }

    [Fact]
    public async Task The_shopper_is_told_on_the_product_page_the_cart_and_the_pass_that_id_will_be_checked()
    {
        var shopper = PageClient.For(App);
        WebUtility.HtmlDecode(await shopper.GetAsync($"/products/{_knife.Id}?culture=fr"))
            .ShouldContain("Soumis à une limite d’âge : la personne qui retire la commande devra présenter une pièce d’identité");
        (await shopper.GetAsync($"/products/{_lamp.Id}")).ShouldNotContain("data-id-check");
        PageClient.Location(await shopper.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        PageClient.Location(await shopper.PostFormWithoutTokenAsync($"/products/{_knife.Id}?handler=AddToCart", new() { ["quantity"] = "1" }, PageClient.SameOrigin));
        WebUtility.HtmlDecode(await shopper.GetAsync("/cart?culture=ar")).ShouldContain("بعض المنتجات مقيدة بالعمر");
        var checkout = WebUtility.HtmlDecode(await shopper.GetAsync("/checkout"));
        checkout.ShouldContain("Some items are age-restricted: the desk will check the ID of whoever collects the order.");

        // The stand-in is named at checkout; a name that is not one is refused beside its field, and nothing is held.
        var slot = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(checkout, "name=\"Input.SlotStart\" id=\"[^\"]+\" value=\"([^\"]+)\"").Groups[1].Value);
        var refused = await shopper.PostFormAsync("/checkout", "/checkout?culture=fr", new()
        {
            ["Input.Name"] = "Ada Lovelace", ["Input.Email"] = "ada@example.test", ["Input.SlotStart"] = slot, ["Input.CollectorName"] = "<script>",
        });
        var errorPage = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        System.Text.RegularExpressions.Regex.IsMatch(errorPage, "id=\"collector-error\" class=\"field-error\"><span [^>]*data-valmsg-for=\"collectorName\"[^>]*>Saisissez un nom").ShouldBeTrue();
        (await App.StockOfAsync(_store, _knife)).ShouldBe((10, 0));
        var placed = await shopper.PostFormAsync("/checkout", "/checkout", new()
        {
            ["Input.Name"] = "Ada Lovelace", ["Input.Email"] = "ada@example.test", ["Input.SlotStart"] = slot, ["Input.CollectorName"] = "Grace Hopper",
        });
        PageClient.Location(placed).ShouldStartWith("/orders/");
        var order = await App.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync());
        order.CollectorName.ShouldBe("Grace Hopper");
        order.Lines.Single().AgeRestricted.ShouldBeTrue();

        var (id, token) = await PaidOrderAsync(null, (_knife, 1));
        WebUtility.HtmlDecode(await shopper.GetAsync($"/orders/{id}?token={Uri.EscapeDataString(token)}"))
            .ShouldContain("Some items are age-restricted: whoever collects must show an ID proving they are an adult.");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Diagnostics;
using O2O.Application.Loyalty;
using O2O.Domain.Catalog;
using O2O.Domain.Common;
using O2O.Domain.Stores;
using O2O.Domain.Tax;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Loyalty;

/// <summary>
/// An order paid partly with points (ADR 49): its VAT is on what was paid, its receipt shows the points as a
/// discount, and its returns refund exactly what was paid, give the spent points back and take the earned ones, once each.
/// </summary>
public sealed class PointsMoneyTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly Actor Admin = new(null, "admin@o2o.test", true, false);

    private Store _store = null!;
    private Product _lamp = null!;
    private Product _tea = null!;
    private string _userId = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.WithDbAsync(async db =>
        {
            var store = new Store(Guid.CreateVersion7(), "PTSFR", "Store PTSFR", new StoreAddress("1 Test Street", "75001", "Paris", "FR"),
                new GeoPoint(48.86, 2.34), "Europe/Paris", new PickupSettings(30, 100, 60, 7, 3, CaptureMode.AtOrder));
            store.SetOpeningHours(Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, new TimeOnly(8, 0), new TimeOnly(20, 0))));
            db.Stores.Add(store);
            await db.SaveChangesAsync();
            return store;
        });
        _lamp = await ProductAsync("LAMP-P", 1255, TaxCategory.Standard);
        _tea = await ProductAsync("TEA-P", 450, TaxCategory.Intermediate);
        await App.StockAsync(_store, _lamp, 10);
        await App.StockAsync(_store, _tea, 10);
        _userId = await App.UserAsync("points@o2o.test", Roles.Shopper);
        await App.UserAsync("staff.pts@o2o.test", Roles.Staff, _store);
        (await App.SendAsync(new AdjustLoyaltyPoints(_userId, 1000, "Welcome", Guid.NewGuid(), Admin))).IsSuccess.ShouldBeTrue();
    }

    private Task<Product> ProductAsync(string sku, long cents, TaxCategory category) =>
        App.WithDbAsync(async db =>
        {
            var product = new Product(Guid.CreateVersion7(), sku, $"Product {sku}", "", "Test", new Money(cents, "EUR"), null);
            product.ChangeTaxCategory(category);
            db.Products.Add(product);
            await db.SaveChangesAsync();
            return product;
        });

    private Task<long> BalanceAsync() => App.WithDbAsync(db => db.Database
        .SqlQuery<long>($"SELECT balance AS \"Value\" FROM loyalty_accounts WHERE user_id = {_userId}").SingleAsync());

    private Task<List<string>> EntriesAsync() => App.WithDbAsync(db => db.Database
        .SqlQuery<string>($"SELECT kind || ':' || points AS \"Value\" FROM loyalty_entries WHERE user_id = {_userId}").ToListAsync());

    private static (decimal Rate, long Net, long Tax, long Gross)[] VatOf(JsonNode order) =>
        order["vat"]!.AsArray().Select(v => (v!["ratePercent"]!.GetValue<decimal>(), v["net"]!["amount"]!.GetValue<long>(),
            v["tax"]!["amount"]!.GetValue<long>(), v["gross"]!["amount"]!.GetValue<long>())).ToArray();

    private static async Task<HttpResponseMessage> ReturnAsync(HttpClient clerk, string orderId, string lineId, int quantity, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/staff/orders/{orderId}/returns")
        {
            Content = JsonContent.Create(new { lines = new[] { new { lineId, quantity, restock = true } }, reason = "changed_mind" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await clerk.SendAsync(request);
    }

    [Fact]
    public async Task Two_lamps_and_three_teas_with_777_points_the_VAT_receipt_and_two_returns_all_add_up_to_what_was_paid()
    {
        // 2 × 12.55 at 20 % and 3 × 4.50 at 10 % = 38.60; 777 points take 7.77 off: 30.83 paid.
        var member = await App.ClientForAsync("points@o2o.test");
        var placed = await member.PlaceOrderAsync(new
        {
            storeId = _store.Id,
            pickupSlotStart = await App.CreateClient().FirstSlotAsync(_store),
            customer = new { email = "points@o2o.test", name = "Pat Points" },
            lines = new[] { new { productId = _lamp.Id, quantity = 2 }, new { productId = _tea.Id, quantity = 3 } },
            loyaltyPoints = 777L,
        });
        var id = placed["id"]!.GetValue<string>();
        var token = placed["accessToken"]!.GetValue<string>();
        (await member.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var order = await App.CreateClient().GetOrderAsync(id, token);
        order["total"]!["amount"]!.GetValue<long>().ShouldBe(3083);
        // 7.77 across 25.10 and 13.50: 5.0527… → 5.05, 2.7175… → 2.72 (largest remainder); 20.05 at 20 %, 10.78 at 10 %.
        VatOf(order).ShouldBe([(20m, 1671L, 334L, 2005L), (10m, 980L, 98L, 1078L)]);
        VatOf(order).Sum(v => v.Gross).ShouldBe(3083);

        var staff = await App.ClientForAsync("staff.pts@o2o.test");
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var receipt = await App.WithDbAsync(db => db.Emails.SingleAsync(e => e.OrderId == Guid.Parse(id) && e.Kind == "receipt"));
        receipt.Body.ShouldContain("Discount, loyalty points (777): −€7.77");
        receipt.Body.ShouldContain("Total incl. VAT: €30.83");
        receipt.Body.ShouldContain("20%: €16.71 excl. VAT + €3.34 VAT = €20.05");
        receipt.Body.ShouldContain("10%: €9.80 excl. VAT + €0.98 VAT = €10.78");
        (await EntriesAsync()).ShouldBe(["Adjusted:1000", "Spent:-777", "Earned:30"], ignoreOrder: true);

        var lines = order["lines"]!.AsArray();
        string LineOf(Product p) => lines.Single(l => l!["sku"]!.GetValue<string>() == p.Sku)!["id"]!.GetValue<string>();
        var firstKey = Guid.NewGuid().ToString();
        var first = await ReturnAsync(staff, id, LineOf(_lamp), 2, firstKey);
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var replay = await ReturnAsync(staff, id, LineOf(_lamp), 2, firstKey);
        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        var second = await ReturnAsync(staff, id, LineOf(_tea), 3, Guid.NewGuid().ToString());
        second.StatusCode.ShouldBe(HttpStatusCode.Created, await second.Content.ReadAsStringAsync());

        // The lamps: floor(777 × 2510 / 3860) = 505 of the discount stays, 20.05 goes back; the teas take the rest, 10.78.
        var refunds = new[] { first, second }.Select(r => r.Content.ReadFromJsonAsync<JsonNode>().Result!["return"]!["refund"]!["amount"]!.GetValue<long>()).ToArray();
        refunds.ShouldBe([2005L, 1078L]);
        refunds.Sum().ShouldBe(3083);
        var commands = await App.WithDbAsync(db => db.PaymentCommands.Where(c => c.OrderId == Guid.Parse(id) && c.ReturnId != null).Select(c => c.Amount).ToListAsync());
        commands.Sum().ShouldBe(3083);
        commands.Count.ShouldBe(2);
        // Spent points back as the discount goes (505 then 272); earned ones taken on the money refunded: floor(30 × 2005 / 3083), floor(30 × 1078 / 3083).
        (await EntriesAsync()).ShouldBe(["Adjusted:1000", "Spent:-777", "Earned:30", "ReturnGivenBack:505", "ReturnReversal:-19", "ReturnGivenBack:272", "ReturnReversal:-10"], ignoreOrder: true);
        (await BalanceAsync()).ShouldBe(1000 - 777 + 30 + 505 - 19 + 272 - 10);
        var returnEmail = await App.WithDbAsync(db => db.Emails.Where(e => e.OrderId == Guid.Parse(id) && e.Kind == "return").Select(e => e.Body).ToListAsync());
        returnEmail.Count.ShouldBe(2);
        returnEmail.ShouldContain(b => b.Contains("20%: €16.71 excl. VAT + €3.34 VAT = €20.05") && b.Contains("Loyalty points given back to your account: 505"));
        returnEmail.ShouldContain(b => b.Contains("10%: €9.80 excl. VAT + €0.98 VAT = €10.78") && b.Contains("Loyalty points given back to your account: 272"));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }
}

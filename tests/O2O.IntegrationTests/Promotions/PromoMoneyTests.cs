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

namespace O2O.IntegrationTests.Promotions;

/// <summary>
/// Money after a sale with a code and points (ADR 52): a short pick refunds only what the recomputed discount leaves,
/// the VAT stays on what was paid, and the returns refund exactly what was paid, with the invariant check clean.
/// </summary>
public sealed class PromoMoneyTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _lamp = null!;
    private Product _tea = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(PromoOnline.Morning);
        _store = await App.StoreAsync("PRM01");
        _lamp = await ProductAsync("LAMP-M", 1255, TaxCategory.Standard);
        _tea = await ProductAsync("TEA-M", 450, TaxCategory.Intermediate);
        await App.StockAsync(_store, _lamp, 10);
        await App.StockAsync(_store, _tea, 10);
        var userId = await App.UserAsync("promo.member@o2o.test", Roles.Shopper);
        await App.UserAsync("staff.prm@o2o.test", Roles.Staff, _store);
        (await App.SendAsync(new AdjustLoyaltyPoints(userId, 1000, "Welcome", Guid.NewGuid(), new Actor(null, "admin@o2o.test", true, false))))
            .IsSuccess.ShouldBeTrue();
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

    private static async Task<long> ReturnAsync(HttpClient clerk, string orderId, string lineId, int quantity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/staff/orders/{orderId}/returns")
        {
            Content = JsonContent.Create(new { lines = new[] { new { lineId, quantity, restock = true } }, reason = "changed_mind" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await clerk.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["return"]!["refund"]!["amount"]!.GetValue<long>();
    }

    [Fact]
    public async Task A_short_pick_and_two_returns_of_an_order_with_a_code_and_points_refund_exactly_what_was_paid()
    {
        await App.PromotionAsync("TENOFF"); // 10 % off everything
        var member = await App.ClientForAsync("promo.member@o2o.test");
        var placed = await member.PlaceOrderAsync(new
        {
            storeId = _store.Id,
            pickupSlotStart = await App.CreateClient().FirstSlotAsync(_store),
            customer = new { email = "promo.member@o2o.test", name = "Pat Promo" },
            lines = new[] { new { productId = _lamp.Id, quantity = 2 }, new { productId = _tea.Id, quantity = 3 } },
            loyaltyPoints = 777L,
            promoCode = "tenoff",
        });
        // 38.60 of goods, 3.86 off with the code, 7.77 with points.
        placed["total"]!["amount"]!.GetValue<long>().ShouldBe(3860 - 386 - 777);
        var id = placed["id"]!.GetValue<string>();
        var token = placed["accessToken"]!.GetValue<string>();
        await member.PayAsync(placed);
        var order = await App.CreateClient().GetOrderAsync(id, token);
        string LineOf(Product p) => order["lines"]!.AsArray().Single(l => l!["sku"]!.GetValue<string>() == p.Sku)!["id"]!.GetValue<string>();

        var staff = await App.ClientForAsync("staff.prm@o2o.test");
        var shortPick = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/lines/{LineOf(_tea)}/short", new { quantity = 1, reason = "broken" });
        shortPick.StatusCode.ShouldBe(HttpStatusCode.OK, await shortPick.Content.ReadAsStringAsync());

        // 34.10 left: 3.41 off with the code (0.45 freed), points floor(777 × 3069 / 3474) = 686 kept (91 back);
        // refunded 4.50 − 0.45 − 0.91 = 3.14.
        order = await App.CreateClient().GetOrderAsync(id, token);
        order["promotion"]!["discount"]!["amount"]!.GetValue<long>().ShouldBe(341);
        order["loyalty"]!["points"]!.GetValue<long>().ShouldBe(686);
        order["total"]!["amount"]!.GetValue<long>().ShouldBe(3410 - 341 - 686);
        order["lines"]!.AsArray().Sum(l => l!["discount"]!["amount"]!.GetValue<long>()).ShouldBe(341);
        order["vat"]!.AsArray().Sum(v => v!["gross"]!["amount"]!.GetValue<long>()).ShouldBe(3410 - 341 - 686);
        var shortRefund = await App.WithDbAsync(db => db.PaymentCommands.Where(c => c.OrderId == Guid.Parse(id) && c.Reason.StartsWith("Short pick"))
            .Select(c => c.Amount).SingleAsync());
        shortRefund.ShouldBe(314);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();

        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var lamps = await ReturnAsync(staff, id, LineOf(_lamp), 2);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
        var teas = await ReturnAsync(staff, id, LineOf(_tea), 2);

        (lamps + teas).ShouldBe(3410 - 341 - 686);
        (shortRefund + lamps + teas).ShouldBe(3860 - 386 - 777);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }
}

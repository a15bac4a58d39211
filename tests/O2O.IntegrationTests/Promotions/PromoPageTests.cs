using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Loyalty;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>The pages that take a code (ADR 52): the cart's and the checkout's "Apply", the order placed with it, and where it shows.</summary>
public sealed partial class PromoPageTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(PromoOnline.Morning);
        _store = await App.StoreAsync("PRP01");
        _kettle = await App.ProductAsync("KETTLE-P", 3000);
        await App.StockAsync(_store, _kettle, 10);
        var userId = await App.UserAsync("promo.page@o2o.test", Roles.Shopper);
        await App.UserAsync("desk.prp@o2o.test", Roles.Staff, _store);
        (await App.SendAsync(new AdjustLoyaltyPoints(userId, 1200, "Welcome gift", Guid.NewGuid(), new Actor(null, "admin", true, false)))).IsSuccess.ShouldBeTrue();
        await App.PromotionAsync("SUMMER10"); // 10 % off
    }

    private async Task<PageClient> ShopperWithAKettleAsync()
    {
        var page = await PageClient.SignedInAsync(App, "promo.page@o2o.test");
        PageClient.Location(await page.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        PageClient.Location(await page.PostFormWithoutTokenAsync($"/products/{_kettle.Id}?handler=AddToCart",
            new() { ["quantity"] = "1" }, PageClient.SameOrigin));
        return page;
    }

    [Fact]
    public async Task The_cart_shows_what_a_code_takes_off_and_why_a_code_does_not_apply_beside_the_field()
    {
        var page = await ShopperWithAKettleAsync();

        var applied = await (await page.PostFormAsync("/cart", "/cart?handler=Promo", new() { ["PromoCode"] = "summer-10" })).Content.ReadAsStringAsync();
        applied.ShouldContain("Code SUMMER10</th><td colspan=\"2\">−€3.00");
        applied.ShouldContain("<strong>€27.00</strong>");
        applied.ShouldContain("name=\"Input.PromoCode\" value=\"SUMMER10\"");

        var refused = await (await page.PostFormAsync("/cart?culture=fr", "/cart?handler=Promo&culture=fr", new() { ["PromoCode"] = "WINTER99" }))
            .Content.ReadAsStringAsync();
        refused.ShouldContain("id=\"promo-error\" class=\"field-error\"><span class=\"field-validation-error\"");
        refused.ShouldContain("Ce code n&#x27;existe pas.");
    }

    [Fact]
    public async Task A_signed_in_shopper_applies_a_code_at_checkout_pays_part_with_points_and_every_page_shows_both()
    {
        var page = await ShopperWithAKettleAsync();
        var checkout = await (await page.PostFormAsync("/checkout", "/checkout?handler=Promo", new()
        {
            ["Input.Name"] = "Ada Promo", ["Input.Email"] = "promo.page@o2o.test", ["Input.PromoCode"] = "SUMMER10",
        })).Content.ReadAsStringAsync();
        checkout.ShouldContain("Code SUMMER10</th><td>−€3.00");
        // Points pay at most half of what the code leaves: 13.50.
        checkout.ShouldContain("Up to 1,200 on this order, worth €12.00.");

        var placed = await page.PostFormAsync("/checkout", "/checkout", new()
        {
            ["Input.Name"] = "Ada Promo", ["Input.Email"] = "promo.page@o2o.test", ["Input.PromoCode"] = "SUMMER10",
            ["Input.SlotStart"] = WebUtility.HtmlDecode(SlotRegex().Match(checkout).Groups[1].Value), ["Input.LoyaltyPoints"] = "1000",
        });

        PageClient.Location(placed).ShouldStartWith("/orders/");
        var order = await App.WithDbAsync(db => db.Orders.SingleAsync());
        (order.PromoCode, order.PromoDiscountAmount, order.LoyaltyDiscountAmount, order.TotalAmount).ShouldBe(("SUMMER10", 300L, 1000L, 1700L));
        var details = await page.GetAsync($"/orders/{order.Id}");
        details.ShouldContain("Code SUMMER10</th><td>−€3.00");
        details.ShouldContain("Loyalty points used: 1,000, €10.00 off");
        (await App.CreateClient().PostJsonAsync($"/api/v1/payments/simulated/{order.Id}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.GetAsync($"/orders/{order.Id}")).ShouldContain("class=\"pass-promo\" data-promo>Code SUMMER10 −€3.00");
        var confirmation = await App.WithDbAsync(db => db.Emails.Where(e => e.OrderId == order.Id).Select(e => e.Body).FirstAsync());
        confirmation.ShouldContain("Code SUMMER10 −€3.00");
        confirmation.ShouldContain("Total: €17.00");
        var desk = await PageClient.SignedInAsync(App, "desk.prp@o2o.test");
        (await desk.GetAsync($"/staff/orders/{order.Id}")).ShouldContain("Code SUMMER10: €3.00 off");
        (await desk.GetAsync($"/staff/stores/{_store.Id}?date={order.SlotStart.ToOffset(TimeSpan.FromHours(2)):yyyy-MM-dd}"))
            .ShouldContain("data-promo title=\"Promotion code SUMMER10\">code</span>");
    }

    [Fact]
    public async Task A_code_refused_when_the_order_is_placed_is_a_message_beside_the_field_and_nothing_is_placed()
    {
        var page = await ShopperWithAKettleAsync();
        var checkout = await page.GetAsync("/checkout");

        var refused = await page.PostFormAsync("/checkout?culture=ar", "/checkout?culture=ar", new()
        {
            ["Input.Name"] = "Ada Promo", ["Input.Email"] = "promo.page@o2o.test", ["Input.PromoCode"] = "NOPE1234",
            ["Input.SlotStart"] = WebUtility.HtmlDecode(SlotRegex().Match(checkout).Groups[1].Value),
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await refused.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"promo-error\" class=\"field-error\"><span class=\"field-validation-error\"");
        html.ShouldContain("هذا الرمز غير موجود.");
        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(0);
    }

    [GeneratedRegex("name=\"Input.SlotStart\" id=\"[^\"]+\" value=\"([^\"]+)\"")]
    private static partial Regex SlotRegex();
}

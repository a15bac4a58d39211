using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Loyalty;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Loyalty;

/// <summary>The pages of the programme: checkout's points field, the shopper's history, the clerk's view, the admin's settings.</summary>
public sealed partial class LoyaltyPageTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Product _kettle = null!;
    private string _userId = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("LOYP1");
        _kettle = await App.ProductAsync("KETTLE-L", 3000);
        await App.StockAsync(_store, _kettle, 10);
        _userId = await App.UserAsync("points@o2o.test", Roles.Shopper);
        await App.UserAsync("desk.loy@o2o.test", Roles.Staff, _store);
        (await App.SendAsync(new AdjustLoyaltyPoints(_userId, 1200, "Welcome gift", Guid.NewGuid(), new Actor(null, "admin", true, false)))).IsSuccess.ShouldBeTrue();
    }

    private async Task<PageClient> MemberWithAKettleAsync()
    {
        var page = await PageClient.SignedInAsync(App, "points@o2o.test");
        PageClient.Location(await page.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        PageClient.Location(await page.PostFormWithoutTokenAsync($"/products/{_kettle.Id}?handler=AddToCart",
            new() { ["quantity"] = "1" }, PageClient.SameOrigin));
        return page;
    }

    private static Dictionary<string, string> Form(string checkout, string points) => new()
    {
        ["Input.Name"] = "Ada Points", ["Input.Email"] = "points@o2o.test",
        ["Input.SlotStart"] = WebUtility.HtmlDecode(SlotRegex().Match(checkout).Groups[1].Value),
        ["Input.LoyaltyPoints"] = points,
    };

    [Fact]
    public async Task A_member_pays_part_of_the_order_with_points_at_checkout_and_the_order_page_shows_it()
    {
        var page = await MemberWithAKettleAsync();
        var checkout = await page.GetAsync("/checkout");
        checkout.ShouldContain("Your balance: 1,200");
        checkout.ShouldContain("Up to 1,200 on this order, worth €12.00.");

        var placed = await page.PostFormAsync("/checkout", "/checkout", Form(checkout, "1000"));

        PageClient.Location(placed).ShouldStartWith("/orders/");
        var order = await App.WithDbAsync(db => db.Orders.SingleAsync());
        (order.LoyaltyPoints, order.LoyaltyDiscountAmount, order.TotalAmount).ShouldBe((1000L, 1000L, 2000L));
        var details = await page.GetAsync($"/orders/{order.Id}");
        details.ShouldContain("Loyalty points used: 1,000, €10.00 off");
        (await page.GetAsync("/account/loyalty")).ShouldContain("Your balance: 200");
    }

    [Fact]
    public async Task Too_many_points_at_checkout_is_a_message_beside_the_field_and_nothing_is_placed()
    {
        var page = await MemberWithAKettleAsync();
        var checkout = await page.GetAsync("/checkout");

        var refused = await page.PostFormAsync("/checkout", "/checkout", Form(checkout, "1600")); // over half of 30.00

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await refused.Content.ReadAsStringAsync();
        html.ShouldContain("Points can pay at most 50% of this order: 1,500 points at most.");
        html.ShouldContain("id=\"loyalty-error\" class=\"field-error\"><span class=\"field-validation-error\"");
        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(0);
    }

    [Theory]
    [InlineData("fr", "Votre solde : 1&#x202F;200", "Ajustement du magasin")]
    [InlineData("ar", "رصيدك: 1,200", "تعديل من المتجر")]
    public async Task The_account_page_shows_the_balance_and_history_in_the_shoppers_language(string culture, string balance, string kind)
    {
        var page = await PageClient.SignedInAsync(App, "points@o2o.test");

        var html = await page.GetAsync($"/account/loyalty?culture={culture}");

        html.ShouldContain(balance, customMessage: Regex.Match(html, "<p class=\"loyalty-balance\">.*?</p>").Value);
        html.ShouldContain(kind);
        html.ShouldContain("Welcome gift");
        if (culture == "ar") html.ShouldContain("dir=\"rtl\"");
    }

    [Fact]
    public async Task The_clerk_sees_the_members_balance_on_the_order()
    {
        var (id, _) = await App.PaidOrderAsync(_store, (_kettle, 1));
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE orders SET user_id = {_userId} WHERE id = {Guid.Parse(id)}"));
        var desk = await PageClient.SignedInAsync(App, "desk.loy@o2o.test");

        (await desk.GetAsync($"/staff/orders/{id}")).ShouldContain("Member&#x27;s loyalty points: 1,200");
    }

    [Fact]
    public async Task The_admin_page_saves_the_programme_and_shows_a_bad_value_beside_its_field()
    {
        await App.UserAsync("boss.loy@o2o.test", Roles.Admin);
        var admin = await PageClient.SignedInAsync(App, "boss.loy@o2o.test");

        var bad = await admin.PostFormAsync("/admin/loyalty", "/admin/loyalty", new()
        {
            ["Input.Enabled"] = "true", ["Input.EarnPointsPerUnit"] = "1", ["Input.PointsPerUnitSpent"] = "100", ["Input.MaxSharePercent"] = "95",
        });
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("id=\"share-error\" class=\"field-error\"><span class=\"field-validation-error\"");

        var saved = await admin.PostFormAsync("/admin/loyalty", "/admin/loyalty", new()
        {
            ["Input.Enabled"] = "true", ["Input.EarnPointsPerUnit"] = "2", ["Input.PointsPerUnitSpent"] = "100", ["Input.MaxSharePercent"] = "30", ["Input.ExpiryMonths"] = "24",
        });
        PageClient.Location(saved).ShouldBe("/admin/loyalty");
        (await App.SendAsync(new GetLoyaltyProgram())).ShouldBe(new LoyaltyProgram(true, 2, 100, 30, 24));
    }

    [GeneratedRegex("name=\"Input.SlotStart\" id=\"[^\"]+\" value=\"([^\"]+)\"")]
    private static partial Regex SlotRegex();
}

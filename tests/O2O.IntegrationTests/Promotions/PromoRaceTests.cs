using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Diagnostics;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>
/// Issue 13's proof for codes online: real races through HTTP against one promotion row, and the exact outcome. The
/// limits are settled by the guarded statement in the checkout's batch (ADR 51), never by the quote's reads.
/// </summary>
public sealed class PromoRaceTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _lamp = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(PromoOnline.Morning);
        _store = await App.StoreAsync("PRR01", ordersPerSlot: 1000);
        _lamp = await App.ProductAsync("LAMP-R", 2000);
        await App.StockAsync(_store, _lamp, 1000);
    }

    private static async Task<List<(HttpStatusCode Status, JsonNode Body)>> RaceAsync(IReadOnlyList<(HttpClient Client, object Body)> requests)
    {
        using var start = new SemaphoreSlim(0);
        var tasks = requests.Select(async r =>
        {
            await start.WaitAsync();
            var response = await r.Client.PostJsonAsync("/api/v1/orders", r.Body);
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }).ToList();
        start.Release(requests.Count);
        return [.. await Task.WhenAll(tasks)];
    }

    [Fact]
    public async Task Two_hundred_shoppers_with_a_code_for_fifty_uses_exactly_fifty_orders_carry_it()
    {
        var (promotion, _) = await App.PromotionAsync("SUMMER10", p => p.ChangeLimits(50, null));
        var requests = new List<(HttpClient, object)>();
        for (var i = 0; i < 200; i++)
            requests.Add((App.CreateClient(), await App.BodyAsync(_store, $"shopper{i}@example.test", "summer-10", (_lamp, 1))));

        var results = await RaceAsync(requests);

        results.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(50, string.Join("\n", results.Where(r => r.Status != HttpStatusCode.Conflict).Select(r => r.Body.ToJsonString()).Take(5)));
        results.Where(r => r.Status != HttpStatusCode.Created)
            .ShouldAllBe(r => r.Status == HttpStatusCode.Conflict && (string)r.Body["code"]! == "promo_exhausted");
        results.Where(r => r.Status == HttpStatusCode.Created).ShouldAllBe(r => r.Body["total"]!["amount"]!.GetValue<long>() == 1800);
        (await App.UsesAsync(promotion)).ShouldBe(50);
        (await App.WithDbAsync(db => db.Orders.CountAsync(o => o.PromotionId == promotion.Id && o.PromoDiscountAmount == 200))).ShouldBe(50);
        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(50); // the losers left no order, hold or place behind
        (await App.StockOfAsync(_store, _lamp)).ShouldBe((1000, 50));
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task One_shopper_racing_ten_orders_with_a_code_for_one_use_each_gets_it_once()
    {
        var (promotion, _) = await App.PromotionAsync("ONCEEACH", p => p.ChangeLimits(null, 1));
        await App.UserAsync("racer@example.test", Roles.Shopper);
        var token = await App.CreateClient().BearerTokenAsync("racer@example.test");
        var body = await App.BodyAsync(_store, "racer@example.test", "ONCEEACH", (_lamp, 1));
        var requests = Enumerable.Range(0, 10).Select(_ => (App.CreateClient().As(token), body)).ToList();

        var results = await RaceAsync(requests);

        results.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(1, string.Join("\n", results.Select(r => r.Body.ToJsonString())));
        results.Where(r => r.Status != HttpStatusCode.Created).ShouldAllBe(r => r.Status == HttpStatusCode.UnprocessableEntity
            && (string)r.Body["code"]! == "promo_not_applicable" && (string)r.Body["reason"]! == "already_used");
        (await App.UsesAsync(promotion)).ShouldBe(1);
        (await App.WithDbAsync(db => db.Database.SqlQuery<int>($"SELECT uses AS \"Value\" FROM promo_customer_uses ORDER BY customer_key").ToListAsync()))
            .ShouldBe([1, 1]); // by email and by account
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }
}

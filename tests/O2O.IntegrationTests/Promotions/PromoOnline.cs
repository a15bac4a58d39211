using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Domain.Catalog;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>Builders for the online code tests: promotions and codes written straight to the database, orders through the API.</summary>
internal static class PromoOnline
{
    public static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A shared code of a promotion (10 % off unless told otherwise), shaped by <paramref name="shape"/> before it is saved.</summary>
    public static Task<(Promotion Promotion, PromoCode Code)> PromotionAsync(this O2OApp app, string code, Action<Promotion>? shape = null,
        PromotionKind kind = PromotionKind.PercentOff, int? percentBasisPoints = 1000, long? amountOffMinor = null, string? currency = null) =>
        app.WithDbAsync(async db =>
        {
            var promotion = new Promotion(Guid.CreateVersion7(), "Promotion " + code, kind, kind == PromotionKind.PercentOff ? percentBasisPoints : null,
                amountOffMinor, currency, PromoCodeMode.Shared, Morning);
            shape?.Invoke(promotion);
            var promoCode = new PromoCode(Guid.CreateVersion7(), promotion.Id, code, false, null, Morning);
            db.Promotions.Add(promotion);
            db.PromoCodes.Add(promoCode);
            await db.SaveChangesAsync();
            return (promotion, promoCode);
        });

    public static async Task<object> BodyAsync(this O2OApp app, Store store, string email, string? promoCode, params (Product Product, int Quantity)[] lines) => new
    {
        storeId = store.Id,
        pickupSlotStart = await app.CreateClient().FirstSlotAsync(store),
        customer = new { email, name = "Ada Shopper" },
        lines = lines.Select(l => new { productId = l.Product.Id, quantity = l.Quantity }).ToArray(),
        promoCode,
    };

    public static Task<int> UsesAsync(this O2OApp app, Promotion promotion) =>
        app.WithDbAsync(db => db.Promotions.Where(p => p.Id == promotion.Id).Select(p => p.Uses).SingleAsync());

    public static Task<List<string?>> RedemptionsAsync(this O2OApp app, Promotion promotion) =>
        app.WithDbAsync(db => db.PromoRedemptions.Where(r => r.PromotionId == promotion.Id).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => r.ReleasedReason).ToListAsync());

    public static async Task PayAsync(this HttpClient client, JsonNode placed)
    {
        var paid = await client.PostJsonAsync($"/api/v1/payments/simulated/{placed["id"]!.GetValue<string>()}", new { outcome = "succeeded" });
        paid.StatusCode.ShouldBe(HttpStatusCode.OK, await paid.Content.ReadAsStringAsync());
    }
}

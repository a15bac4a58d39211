using System.Net;
using System.Text.Json.Nodes;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>Promotions and codes written straight to the database, and the till's calls through the API.</summary>
public static class CounterFixtures
{
    public static Task<(Promotion Promotion, PromoCode Code)> TillPromotionAsync(this O2OApp app, string code, int percent = 10, int? maxUses = null,
        bool singleUse = false, string name = "Autumn") =>
        app.WithDbAsync(async db =>
        {
            var promotion = new Promotion(Guid.CreateVersion7(), name, PromotionKind.PercentOff, percent * 100, null, null,
                singleUse ? PromoCodeMode.SingleUse : PromoCodeMode.Shared, app.Clock.GetUtcNow());
            promotion.ChangeLimits(maxUses, null);
            var promoCode = new PromoCode(Guid.CreateVersion7(), promotion.Id, code, singleUse, null, app.Clock.GetUtcNow());
            db.Promotions.Add(promotion);
            db.PromoCodes.Add(promoCode);
            await db.SaveChangesAsync();
            return (promotion, promoCode);
        });

    public static string RedemptionsUrl(Store store) => $"/api/v1/staff/stores/{store.Id}/redemptions";

    public static Task<HttpResponseMessage> RedeemAsync(this HttpClient till, Store store, string code, long amount, string reference,
        string currency = "EUR") =>
        till.PostJsonAsync(RedemptionsUrl(store), new { code, subtotal = new { amount, currency }, externalReference = reference });

    public static async Task<(HttpStatusCode Status, string Body)> ReadAsync(this Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static string? Code(string body) => JsonNode.Parse(body)?["code"]?.GetValue<string>();
}

using System.Net;
using System.Text.Json.Nodes;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Faults;

/// <summary>What a shopper's client got back for one checkout: an answer, or a connection that failed under it.</summary>
public sealed record CheckoutOutcome(HttpStatusCode? Status, string Body, string? ContentType, Exception? Failure)
{
    public bool Created => Status == HttpStatusCode.Created;
    public Guid OrderId => Guid.Parse(JsonNode.Parse(Body)!["id"]!.GetValue<string>());

    public override string ToString() => Failure is null ? $"{(int?)Status} {Body}" : $"no answer: {Failure.GetType().Name} {Failure.Message}";
}

public static class Checkouts
{
    public static object Body(Store store, DateTimeOffset slot, Product product, int quantity = 1) =>
        TestData.OrderBody(store, slot, (product, quantity));

    /// <summary>Sends one checkout; a connection that fails (the instance died or stopped) is an outcome, not an exception.</summary>
    public static async Task<CheckoutOutcome> PlaceAsync(HttpClient client, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = System.Net.Http.Json.JsonContent.Create(body, options: System.Text.Json.JsonSerializerOptions.Web),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await client.SendAsync(request);
            return new CheckoutOutcome(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, null);
        }
        catch (HttpRequestException ex)
        {
            return new CheckoutOutcome(null, "", null, ex);
        }
    }

    /// <summary>A clean refusal: 503 problem+json with no stack trace in it.</summary>
    public static bool IsCleanUnavailable(HttpStatusCode? status, string? contentType, string body) =>
        status == HttpStatusCode.ServiceUnavailable && contentType == "application/problem+json" && !body.Contains("   at ", StringComparison.Ordinal);
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using O2O.IntegrationTests.Infrastructure;
using O2O.Web.Infrastructure;

namespace O2O.IntegrationTests.Checkout;

/// <summary>A key claimed by a request that never answered (its instance died) is not blocked for ever.</summary>
public sealed class IdempotencyLeaseTests(O2OApp app) : IntegrationTest(app)
{
    [Fact]
    public async Task IdempotencyKey_ClaimedByARequestThatNeverAnswered_Answers409UntilTheLeaseEnds_ThenPlacesTheOrder()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 10);
        var client = App.CreateClient();
        var body = await System.Net.Http.Json.JsonContent.Create(TestData.OrderBody(store, await client.FirstSlotAsync(store), (kettle, 1)))
            .ReadAsByteArrayAsync();
        // What an instance killed mid-checkout leaves behind: the key claimed, no answer stored.
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_records (scope, key, request_hash, status_code, response_body, created_at)
            VALUES ('place-order', 'key-dead', {IdempotencyStore.Hash(body)}, 0, '', {App.Clock.GetUtcNow()})
            """));

        async Task<HttpResponseMessage> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("Idempotency-Key", "key-dead");
            return await client.SendAsync(request);
        }

        await (await Send()).ProblemAsync(HttpStatusCode.Conflict);
        App.Clock.Advance(TimeSpan.FromSeconds(new IdempotencyOptions().InProgressLeaseSeconds + 1));
        var retried = await Send();
        var replayed = await Send();

        retried.StatusCode.ShouldBe(HttpStatusCode.Created, await retried.Content.ReadAsStringAsync());
        (await replayed.Content.ReadAsStringAsync()).ShouldBe(await retried.Content.ReadAsStringAsync());
        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(1);
    }
}

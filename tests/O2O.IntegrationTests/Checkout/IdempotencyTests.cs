using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using O2O.Application.Jobs;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Data.Configurations;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;
using O2O.Web.Infrastructure;

namespace O2O.IntegrationTests.Checkout;

/// <summary>Idempotency keys belong to their caller, a crashed claim is taken over after its lease, old records are purged.</summary>
public sealed class IdempotencyTests(O2OApp app) : IntegrationTest(app)
{
    // A Monday, 10:00 in Paris: the test store is open; the orders take a slot two hours on, still offered when the clock moves.
    private static readonly DateTimeOffset Monday = new(2030, 6, 3, 8, 0, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Monday);
        _store = await App.StoreAsync();
        _kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(_store, _kettle, 10);
    }

    private async Task<byte[]> BodyAsync() =>
        JsonSerializer.SerializeToUtf8Bytes(TestData.OrderBody(_store, await App.CreateClient().FirstSlotAsync(_store, skip: 4), (_kettle, 1)), JsonSerializerOptions.Web);

    private static async Task<(HttpStatusCode Status, JsonNode? Json)> PlaceAsync(HttpClient client, string key, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text));
    }

    private Task<int> OrderCountAsync() => App.WithDbAsync(db => Task.FromResult(db.Orders.Count()));

    [Fact]
    public async Task TheSameKeyAndBody_FromAnotherAccount_PlacesItsOwnOrder_AndNeverSeesTheFirstCallersToken()
    {
        await App.UserAsync("ada@o2o.test", Roles.Shopper);
        await App.UserAsync("eve@o2o.test", Roles.Shopper);
        var body = await BodyAsync();
        const string key = "order-1";

        var ada = await PlaceAsync(await App.ClientForAsync("ada@o2o.test"), key, body);
        var eve = await PlaceAsync(await App.ClientForAsync("eve@o2o.test"), key, body);
        var adaAgain = await PlaceAsync(await App.ClientForAsync("ada@o2o.test"), key, body);

        ada.Status.ShouldBe(HttpStatusCode.Created);
        eve.Status.ShouldBe(HttpStatusCode.Created);
        eve.Json!["id"]!.GetValue<string>().ShouldNotBe(ada.Json!["id"]!.GetValue<string>());
        eve.Json.ToJsonString().ShouldNotContain(ada.Json["accessToken"]!.GetValue<string>());
        adaAgain.Json!.ToJsonString().ShouldBe(ada.Json.ToJsonString());
        (await OrderCountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task AGuestsKey_IsNotAnAccountsKey()
    {
        await App.UserAsync("eve@o2o.test", Roles.Shopper);
        var body = await BodyAsync();
        var key = Guid.NewGuid().ToString();

        var guest = await PlaceAsync(App.CreateClient(), key, body);
        var eve = await PlaceAsync(await App.ClientForAsync("eve@o2o.test"), key, body);

        guest.Status.ShouldBe(HttpStatusCode.Created);
        eve.Status.ShouldBe(HttpStatusCode.Created);
        eve.Json!["id"]!.GetValue<string>().ShouldNotBe(guest.Json!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("order-1")]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    public async Task AGuestsKey_ThatCouldBeGuessed_IsRefused(string key)
    {
        var (status, json) = await PlaceAsync(App.CreateClient(), key, await BodyAsync());

        status.ShouldBe(HttpStatusCode.BadRequest);
        json!["title"]!.GetValue<string>().ShouldContain("random UUID");
        (await OrderCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task AClaimLeftByACrash_AnswersConflictDuringItsLease_AndIsTakenOverAfterIt()
    {
        var body = await BodyAsync();
        var key = Guid.NewGuid().ToString();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            // The request that claimed the key died before answering: nothing but its claim is left.
            var store = scope.ServiceProvider.GetRequiredService<IdempotencyStore>();
            (await store.ClaimAsync(IdempotencyStore.ScopeFor("place-order", null), key, IdempotencyStore.Hash(body), default))
                .ShouldBeOfType<IdempotencyStore.Claimed>();
        }
        var lease = TimeSpan.FromSeconds(new IdempotencyOptions().LeaseSeconds);

        App.Clock.Set(Monday + lease - TimeSpan.FromSeconds(1));
        (await PlaceAsync(App.CreateClient(), key, body)).Status.ShouldBe(HttpStatusCode.Conflict);
        (await OrderCountAsync()).ShouldBe(0);

        App.Clock.Set(Monday + lease);
        var retry = await PlaceAsync(App.CreateClient(), key, body);
        var replay = await PlaceAsync(App.CreateClient(), key, body);

        retry.Status.ShouldBe(HttpStatusCode.Created, retry.Json?.ToJsonString());
        replay.Json!.ToJsonString().ShouldBe(retry.Json!.ToJsonString());
        (await OrderCountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task AClaimWhoseLeaseRanOut_IsNotTakenOverWithAnotherBody()
    {
        var body = await BodyAsync();
        var key = Guid.NewGuid().ToString();
        await using (var scope = App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IdempotencyStore>()
                .ClaimAsync(IdempotencyStore.ScopeFor("place-order", null), key, IdempotencyStore.Hash(body), default);

        App.Clock.Set(Monday + TimeSpan.FromHours(1));
        var other = JsonSerializer.SerializeToUtf8Bytes(TestData.OrderBody(_store, await App.CreateClient().FirstSlotAsync(_store), (_kettle, 2)), JsonSerializerOptions.Web);

        (await PlaceAsync(App.CreateClient(), key, other)).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Purge_DeletesRecordsPastTheirRetention_AndKeepsYoungerOnes()
    {
        var body = await BodyAsync();
        var oldKey = Guid.NewGuid().ToString();
        (await PlaceAsync(App.CreateClient(), oldKey, body)).Status.ShouldBe(HttpStatusCode.Created);
        var retention = TimeSpan.FromHours(new IdempotencyOptions().RetentionHours);
        App.Clock.Set(Monday + retention - TimeSpan.FromHours(1));
        var youngKey = Guid.NewGuid().ToString();
        (await PlaceAsync(App.CreateClient(), youngKey, await BodyAsync())).Status.ShouldBe(HttpStatusCode.Created);

        App.Clock.Set(Monday + retention + TimeSpan.FromSeconds(1));
        var purged = await App.SendAsync(new PurgeIdempotencyRecords());

        purged.ShouldBe(1);
        var keys = await App.WithDbAsync(db => Task.FromResult(db.Set<IdempotencyRecordRow>().Select(r => r.Key).ToList()));
        keys.ShouldBe([youngKey]);
    }
}

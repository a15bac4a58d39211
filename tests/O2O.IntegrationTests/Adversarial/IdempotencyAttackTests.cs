using System.Net;
using System.Net.Http.Json;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Adversarial;

/// <summary>An Idempotency-Key replayed, reused with another body, or raced: at most one order, and a refusal changes nothing.</summary>
[Trait("Category", "Adversarial")]
public sealed class IdempotencyAttackTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;
    private DateTimeOffset _slot;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync();
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 100);
        _slot = await App.CreateClient().FirstSlotAsync(_store);
    }

    // A guest's key must be a random UUID (the key alone tells a guest's retry from someone else's request).
    private static readonly string ReplayKey = Guid.NewGuid().ToString(), OtherKey = Guid.NewGuid().ToString(), RaceKey = Guid.NewGuid().ToString();

    private Task<HttpResponseMessage> PlaceAsync(HttpClient client, string key, int quantity)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(TestData.OrderBody(_store, _slot, (_kettle, quantity))) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task AReplay_GetsTheSameAnswer_AndChangesNothing()
    {
        var client = App.CreateClient();
        var first = await PlaceAsync(client, ReplayKey, 2);
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var before = await App.FingerprintAsync();

        var replay = await PlaceAsync(client, ReplayKey, 2);

        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await replay.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public async Task TheKeyWithAnotherBody_Is422_AndChangesNothing()
    {
        var client = App.CreateClient();
        (await PlaceAsync(client, OtherKey, 2)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var before = await App.FingerprintAsync();

        await (await PlaceAsync(client, OtherKey, 3)).ShouldBeRefusedAsync(HttpStatusCode.UnprocessableEntity);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public async Task AnOverlongKey_Is400_AndChangesNothing()
    {
        var before = await App.FingerprintAsync();

        await (await PlaceAsync(App.CreateClient(), new string('k', 201), 1)).ShouldBeRefusedAsync(HttpStatusCode.BadRequest);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public async Task FiftyConcurrentRequestsWithOneKey_PlaceExactlyOneOrder()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => PlaceAsync(App.CreateClient(), RaceKey, 1)));

        answers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        created.ShouldNotBeEmpty();
        var ids = await Task.WhenAll(created.Select(async a => (await a.JsonAsync())["id"]!.GetValue<string>()));
        ids.Distinct().Count().ShouldBe(1);
        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Count()))).ShouldBe(1);
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((100, 1));
    }
}

using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Security;

/// <summary>Answers that belong to one person (an order with its pickup code, its token in the URL) are never stored by a cache.</summary>
public sealed class PersonalResponsesTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        _store = await App.StoreAsync("NST01");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
    }

    private static void ShouldNotBeStored(HttpResponseMessage response) =>
        (response.Headers.CacheControl?.NoStore ?? false).ShouldBeTrue($"{response.RequestMessage!.RequestUri}: Cache-Control {response.Headers.CacheControl}");

    [Fact]
    public async Task AnOrder_FromTheApiAndItsPages_IsNeverStored()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{id}");
        get.Headers.Add("X-Order-Token", token);
        var api = await client.SendAsync(get);
        api.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldNotBeStored(api);

        var page = await client.GetAsync($"/orders/{id}?token={Uri.EscapeDataString(token)}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK, await page.Content.ReadAsStringAsync());
        ShouldNotBeStored(page);

        var placed = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(_store, await client.FirstSlotAsync(_store), (_kettle, 1)));
        placed.StatusCode.ShouldBe(HttpStatusCode.Created);
        ShouldNotBeStored(placed);
    }

    [Fact]
    public async Task ABearerToken_FromTheLoginEndpoint_IsNeverStored()
    {
        await App.UserAsync("nst@o2o.test", O2O.Infrastructure.Identity.Roles.Shopper);
        var login = await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = "nst@o2o.test", password = "Demo-pass-1" });
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldNotBeStored(login);
    }

    [Fact]
    public async Task StaticFilesAndProductImages_KeepTheirOwnCaching()
    {
        var css = await App.CreateClient().GetAsync("/css/site.css");
        css.StatusCode.ShouldBe(HttpStatusCode.OK);
        (css.Headers.CacheControl?.NoStore ?? false).ShouldBeFalse();
    }
}

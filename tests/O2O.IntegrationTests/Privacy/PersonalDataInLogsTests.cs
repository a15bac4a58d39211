using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Email;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Privacy;

/// <summary>A whole checkout, with everything that can go wrong on the way, leaves no personal data in the logs.</summary>
[Collection(LoggedCollection.Name)]
public sealed class PersonalDataInLogsTests(LoggedO2OApp fixture) : IAsyncLifetime
{
    private const string Email = "grace.hopper@example.test";
    private const string Name = "Grace Brewster Hopper";
    private const string Phone = "+33 6 98 76 54 32";
    private const string StaffEmail = "desk.clerk@example.test";
    private const string ShopperEmail = "signed.in.shopper@example.test";

    private O2OApp App => fixture.App;
    private Store _store = null!;
    private Product _kettle = null!;

    public async Task InitializeAsync()
    {
        await App.ResetAsync();
        _store = await App.StoreAsync();
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 20);
        await App.UserAsync(StaffEmail, Roles.Staff, _store);
        await App.UserAsync(ShopperEmail, Roles.Shopper);
        fixture.Logs.Clear();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private object Body(DateTimeOffset slot) => new
    {
        storeId = _store.Id,
        pickupSlotStart = slot,
        customer = new { email = Email, name = Name, phone = Phone },
        lines = new[] { new { productId = _kettle.Id, quantity = 1 } },
    };

    private OutboxDispatcher Dispatcher(EmailOptions transport) => new(App.Services.GetRequiredService<IServiceScopeFactory>(),
        new EmailTransport(Options.Create(transport)), App.Clock, Options.Create(new EmailOptions()),
        App.Services.GetRequiredService<ILogger<OutboxDispatcher>>());

    [Fact]
    public async Task AFullCheckout_LogsNoEmailNamePhoneTokenOrPickupCode()
    {
        var guest = App.CreateClient();
        var slot = await guest.FirstSlotAsync(_store);
        var order = await guest.PlaceOrderAsync(Body(slot));
        var (id, token) = (order["id"]!.GetValue<string>(), order["accessToken"]!.GetValue<string>());
        (await guest.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "failed" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await guest.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await guest.GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();

        var staff = await App.ClientForAsync(StaffEmail);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = "ZZZZZZ" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A signed-in shopper's order, cancelled by the store.
        var shopper = await App.ClientForAsync(ShopperEmail);
        var second = await shopper.PlaceOrderAsync(Body(slot));
        var secondId = second["id"]!.GetValue<string>();
        (await shopper.PostJsonAsync($"/api/v1/payments/simulated/{secondId}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.PostJsonAsync($"/api/v1/orders/{secondId}/cancel", new { reason = "Broken on the shelf" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        // A failed sign-in with the shopper's email.
        (await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = ShopperEmail, password = "wrong" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The emails: first to a mail server that refuses the connection, then delivered.
        await Dispatcher(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = ClosedPort(), UseStartTls = false }).DispatchOnceAsync(CancellationToken.None);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        (await Dispatcher(new EmailOptions { PickupDirectory = Path.Combine(Path.GetTempPath(), "o2o-test-mail") }).DispatchOnceAsync(CancellationToken.None))
            .ShouldBeGreaterThan(0);

        fixture.Logs.Count.ShouldBeGreaterThan(50); // the capture sees the app's logs at all
        var texts = fixture.Logs.Texts().ToList();
        string[] secrets = [Email, Name, Phone, token, code, StaffEmail, ShopperEmail, second["accessToken"]!.GetValue<string>()];
        foreach (var secret in secrets)
            texts.Where(t => t.Contains(secret, StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty($"The logs contain {secret}");
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

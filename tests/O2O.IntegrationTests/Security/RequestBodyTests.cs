using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace O2O.IntegrationTests.Security;

/// <summary>What a client sends that cannot be read: named in the client's terms, refused without a JSON type, and not an alert.</summary>
public sealed class RequestBodyTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        _store = await App.StoreAsync("BDY01");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
    }

    private async Task<string> OrderJsonAsync(HttpClient client, string productId) =>
        $$"""{"storeId":"{{_store.Id}}","pickupSlotStart":"{{await client.FirstSlotAsync(_store):O}}","customer":{"email":"ada@example.test","name":"Ada"},"lines":[{"productId":{{productId}},"quantity":1}]}""";

    [Fact]
    public async Task ABadProductId_IsReportedOnItsField_InTheCallersTerms()
    {
        var client = App.CreateClient();
        var response = await client.PostAsync("/api/v1/orders", new StringContent(await OrderJsonAsync(client, "\"not-a-uuid\""), Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["lines[0].productId"]![0]!.GetValue<string>().ShouldBe("lines[0].productId must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6.");
        text.ShouldNotContain("O2O.");
        text.ShouldNotContain("System.");
    }

    [Fact]
    public async Task ABadFieldInAnAdminBody_IsReportedOnItsField_InTheCallersTerms()
    {
        await App.UserAsync("bdy-admin@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("bdy-admin@o2o.test");
        var response = await admin.PutAsync($"/api/v1/admin/stock/{_store.Id}/{_kettle.Id}", new StringContent("""{"onHand":"lots"}""", Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["onHand"]![0]!.GetValue<string>().ShouldStartWith("onHand must be a whole number");
        text.ShouldNotContain("StockBody");
        text.ShouldNotContain("O2O.");
    }

    [Fact]
    public async Task ABadQueryParameter_IsReportedByName_WithoutItsDotNetType()
    {
        var response = await App.CreateClient().GetAsync("/api/v1/products?page=abc");
        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["page"].ShouldNotBeNull(text);
        text.ShouldNotContain("Int32");
        text.ShouldNotContain("int page");
    }

    [Fact]
    public async Task AnOrderSentWithoutAJsonContentType_Is415_AndNothingIsWritten()
    {
        var client = App.CreateClient();
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(await OrderJsonAsync(client, $"\"{_kettle.Id}\"")));
        (await client.PostAsync("/api/v1/orders", body)).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await client.PostAsync("/api/v1/orders", new StringContent(await OrderJsonAsync(client, $"\"{_kettle.Id}\""), Encoding.UTF8, "text/plain")))
            .StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);

        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Count()))).ShouldBe(0);
        (await App.StockOfAsync(_store, _kettle)).Reserved.ShouldBe(0);
    }

    [Fact]
    public async Task MalformedJson_IsA400ForTheClient_AndNoErrorInTheLog()
    {
        var sink = new CollectingSink();
        await using var logged = App.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILogEventSink>(sink)));
        await App.UserAsync("bdy-admin@o2o.test", Roles.Admin);
        var admin = logged.CreateClient().As(await logged.CreateClient().BearerTokenAsync("bdy-admin@o2o.test"));

        var response = await admin.PostAsync("/api/v1/admin/products", new StringContent("""{"sku":"A","name":""", Encoding.UTF8, "application/json"));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["body"]![0]!.GetValue<string>().ShouldStartWith("The body is not valid JSON");
        var placed = await logged.CreateClient().PostAsync("/api/v1/orders", new StringContent("{\"storeId\":", Encoding.UTF8, "application/json"));
        placed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        sink.Events.Where(e => e.Level >= LogEventLevel.Error).Select(e => e.RenderMessage()).ShouldBeEmpty();
    }

    private sealed class CollectingSink : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }
}

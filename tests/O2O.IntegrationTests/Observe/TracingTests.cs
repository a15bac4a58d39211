using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using O2O.IntegrationTests.Infrastructure;
using Serilog.Formatting.Compact;

namespace O2O.IntegrationTests.Observe;

public sealed class TracingTests(ObservedO2OApp fixture) : ObservedTest(fixture)
{
    [Fact]
    public async Task ATraceOfPlaceOrder_HoldsItsSqlStatements_AndTheStripeCall()
    {
        var (client, body) = await CheckoutAsync("OBS10");

        var order = await client.PlaceOrderAsync(body);

        var request = await Spans.WaitForAsync(IsPlaceOrder);
        var trace = Spans.Where(s => s.TraceId == request.TraceId).ToList();
        var sql = trace.Where(s => s.Source.Name == "Npgsql").ToList();
        sql.ShouldNotBeEmpty();
        sql.ShouldAllBe(s => s.Kind == ActivityKind.Client);
        var statements = sql.Select(Statement).ToList();
        statements.ShouldContain(q => q.Contains("INSERT INTO orders", StringComparison.Ordinal), string.Join("\n", statements));
        statements.ShouldContain(q => q.Contains("FROM store_stock", StringComparison.Ordinal), string.Join("\n", statements));
        var stripe = trace.Where(s => s.Source.Name == "System.Net.Http" && s.Kind == ActivityKind.Client).ShouldHaveSingleItem();
        stripe.GetTagItem("url.full")!.ToString()!.ShouldBe($"{Stripe.Url}/v1/payment_intents");
        order["status"]!.GetValue<string>().ShouldBe("PendingPayment");
    }

    [Fact]
    public async Task LogLines_CarryTheTraceIdOfTheirRequest_AndSoDoesAProblemAnswer()
    {
        var (client, body) = await CheckoutAsync("OBS11");

        await client.PlaceOrderAsync(body);
        var placed = await Spans.WaitForAsync(IsPlaceOrder);
        var missing = $"/api/v1/orders/{Guid.NewGuid()}";
        var notFound = await client.GetAsync(missing);
        var problem = JsonNode.Parse(await notFound.Content.ReadAsStringAsync())!;
        var notFoundSpan = await Spans.WaitForAsync(s => IsRequest(s, "GET", missing));

        var line = Logs.Events.Single(e => e.MessageTemplate.Text.StartsWith("Order {OrderNumber} placed", StringComparison.Ordinal));
        line.TraceId.ShouldBe(placed.TraceId);
        // As the production log formatter writes it (appsettings.json), so a log search by trace id finds it.
        var json = new StringWriter();
        new RenderedCompactJsonFormatter().Format(line, json);
        JsonNode.Parse(json.ToString())!["@tr"]!.GetValue<string>().ShouldBe(placed.TraceId.ToHexString());
        // A caller who reports an error hands over the id that finds its trace and its log lines.
        notFound.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        ((string?)problem["traceId"]).ShouldBe(notFoundSpan.TraceId.ToHexString(), problem.ToJsonString());
        Logs.Events.ShouldContain(e => e.TraceId == notFoundSpan.TraceId && e.MessageTemplate.Text.StartsWith("HTTP", StringComparison.Ordinal));
    }

    private async Task<(HttpClient Client, object Body)> CheckoutAsync(string storeCode)
    {
        var store = await App.StoreAsync(storeCode);
        var kettle = await App.ProductAsync("KETTLE", 1000);
        await App.StockAsync(store, kettle, 5);
        var client = App.CreateClient();
        return (client, TestData.OrderBody(store, await client.FirstSlotAsync(store), (kettle, 1)));
    }

    private static bool IsPlaceOrder(Activity s) => IsRequest(s, "POST", "/api/v1/orders");

    private static bool IsRequest(Activity s, string method, string path) =>
        s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore"
        && (string?)s.GetTagItem("http.request.method") == method && (string?)s.GetTagItem("url.path") == path;

    private static string Statement(Activity s) =>
        (s.GetTagItem("db.query.text") ?? s.GetTagItem("db.statement"))?.ToString() ?? "";
}

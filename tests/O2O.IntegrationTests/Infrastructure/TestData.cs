using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using O2O.Domain.Catalog;
using O2O.Domain.Common;
using O2O.Domain.Stock;
using O2O.Domain.Stores;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using O2O.Infrastructure.Identity;

namespace O2O.IntegrationTests.Infrastructure;

/// <summary>Test-data builders that write straight to the database, and helpers that go through the API.</summary>
public static class TestData
{
    /// <summary>A store open every day 08:00–20:00 local time.</summary>
    public static Task<Store> StoreAsync(this O2OApp app, string code = "TST01", int ordersPerSlot = 100,
        CaptureMode capture = CaptureMode.AtOrder, string timeZone = "Europe/Paris", int leadMinutes = 60) =>
        app.WithDbAsync(async db =>
        {
            var store = new Store(Guid.CreateVersion7(), code, $"Store {code}", new StoreAddress("1 Rue de Test", "75001", "Paris", "FR"),
                new GeoPoint(48.86, 2.34), timeZone, new PickupSettings(30, ordersPerSlot, leadMinutes, 7, 3, capture));
            store.SetOpeningHours(Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, new TimeOnly(8, 0), new TimeOnly(20, 0))));
            db.Stores.Add(store);
            await db.SaveChangesAsync();
            return store;
        });

    public static Task<Product> ProductAsync(this O2OApp app, string sku, long priceCents = 1000) =>
        app.WithDbAsync(async db =>
        {
            var product = new Product(Guid.CreateVersion7(), sku, $"Product {sku}", "", "Test", new Money(priceCents, "EUR"), null);
            db.Products.Add(product);
            await db.SaveChangesAsync();
            return product;
        });

    public static Task StockAsync(this O2OApp app, Store store, Product product, int onHand) =>
        app.WithDbAsync(async db =>
        {
            db.Stock.Add(new StoreStock(store.Id, product.Id, onHand));
            await db.SaveChangesAsync();
        });

    public static Task<(int OnHand, int Reserved)> StockOfAsync(this O2OApp app, Store store, Product product) =>
        app.WithDbAsync(db => Task.FromResult(db.Stock.Where(s => s.StoreId == store.Id && s.ProductId == product.Id)
            .Select(s => new ValueTuple<int, int>(s.OnHand, s.Reserved)).Single()));

    /// <summary>The first bookable slot's start, as the API offers it.</summary>
    public static async Task<DateTimeOffset> FirstSlotAsync(this HttpClient client, Store store, int skip = 0)
    {
        var slots = (await client.GetJsonAsync($"/api/v1/stores/{store.Id}/pickup-slots?days=3")).AsArray();
        return DateTimeOffset.Parse(slots[skip]!["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static object OrderBody(Store store, DateTimeOffset slot, params (Product Product, int Quantity)[] lines) => new
    {
        storeId = store.Id,
        pickupSlotStart = slot,
        customer = new { email = "ada@example.test", name = "Ada Lovelace", phone = "+33 6 12 34 56 78" },
        lines = lines.Select(l => new { productId = l.Product.Id, quantity = l.Quantity }).ToArray(),
    };

    public static async Task<JsonNode> PlaceOrderAsync(this HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PostJsonAsync("/api/v1/orders", body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return JsonNode.Parse(text)!;
    }

    public static async Task<string> BearerTokenAsync(this HttpClient client, string email, string password = "Demo-pass-1")
    {
        var json = await (await client.PostJsonAsync("/api/v1/auth/login", new { email, password })).JsonAsync();
        return json["accessToken"]!.GetValue<string>();
    }

    /// <summary>A user with a role; staff are assigned to the given stores.</summary>
    public static async Task<string> UserAsync(this O2OApp app, string email, string role, params Store[] stores)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        (await users.CreateAsync(user, "Demo-pass-1")).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
        var db = scope.ServiceProvider.GetRequiredService<O2O.Infrastructure.Data.AppDbContext>();
        foreach (var store in stores) db.StaffAssignments.Add(new StaffAssignment(user.Id, store.Id));
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>An HTTP client signed in with a bearer token.</summary>
    public static async Task<HttpClient> ClientForAsync(this O2OApp app, string email)
    {
        var client = app.CreateClient();
        return client.As(await client.BearerTokenAsync(email));
    }

    /// <summary>Places an order and pays it with the simulated gateway. Returns (id, access token).</summary>
    public static async Task<(string Id, string Token)> PaidOrderAsync(this O2OApp app, Store store, params (Product, int)[] lines)
    {
        var client = app.CreateClient();
        var order = await client.PlaceOrderAsync(OrderBody(store, await client.FirstSlotAsync(store), lines));
        var id = order["id"]!.GetValue<string>();
        var paid = await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" });
        paid.StatusCode.ShouldBe(HttpStatusCode.OK, await paid.Content.ReadAsStringAsync());
        return (id, order["accessToken"]!.GetValue<string>());
    }

    public static async Task<JsonNode> GetOrderAsync(this HttpClient client, string id, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{id}");
        request.Headers.Add("X-Order-Token", token);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    public static HttpClient As(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

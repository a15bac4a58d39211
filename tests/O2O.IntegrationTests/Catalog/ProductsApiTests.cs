using System.Net;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Catalog;

public sealed class ProductsApiTests(O2OApp app) : IntegrationTest(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SeedDemoDataAsync();
    }

    [Fact]
    public async Task ListProducts_PagesThroughTheWholeCatalog()
    {
        var client = App.CreateClient();
        var first = await client.GetJsonAsync("/api/v1/products?pageSize=50");
        var second = await client.GetJsonAsync("/api/v1/products?pageSize=50&page=2");

        first["totalCount"]!.GetValue<int>().ShouldBe(66);
        first["items"]!.AsArray().Count.ShouldBe(50);
        second["items"]!.AsArray().Count.ShouldBe(16);
        first["page"]!.GetValue<int>().ShouldBe(1);
        first["pageSize"]!.GetValue<int>().ShouldBe(50);
        var ids = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => i!["id"]!.GetValue<string>()).ToList();
        ids.Distinct().Count().ShouldBe(66);
    }

    [Fact]
    public async Task ListProducts_WithSearch_FindsByNameCaseInsensitively()
    {
        var json = await App.CreateClient().GetJsonAsync("/api/v1/products?search=KETTLE");

        json["totalCount"]!.GetValue<int>().ShouldBe(1);
        var item = json["items"]![0]!;
        item["name"]!.GetValue<string>().ShouldBe("Electric kettle 1.7 l");
        item["sku"]!.GetValue<string>().ShouldBe("KIT-010");
        item["category"]!.GetValue<string>().ShouldBe("Kitchen");
        item["price"]!["amount"]!.GetValue<long>().ShouldBe(3490);
        item["price"]!["currency"]!.GetValue<string>().ShouldBe("EUR");
    }

    [Fact]
    public async Task ListProducts_WithCategory_ReturnsOnlyThatCategory()
    {
        var json = await App.CreateClient().GetJsonAsync("/api/v1/products?category=Tools&pageSize=100");

        json["totalCount"]!.GetValue<int>().ShouldBe(11);
        json["items"]!.AsArray().ShouldAllBe(i => i!["category"]!.GetValue<string>() == "Tools");
    }

    [Fact]
    public async Task ListProducts_TreatsLikeWildcardsAsPlainText()
    {
        var json = await App.CreateClient().GetJsonAsync("/api/v1/products?search=%25");

        json["totalCount"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=10000", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task ListProducts_WithOutOfRangeValues_Returns400WithFieldErrors(string query, string field)
    {
        var response = await App.CreateClient().GetAsync($"/api/v1/products?{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task ListProducts_WithAHugeSearchText_Returns400()
    {
        var response = await App.CreateClient().GetAsync($"/api/v1/products?search={new string('a', 10_000)}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["search"].ShouldNotBeNull();
    }

    [Fact]
    public async Task ListProducts_WithANonNumericPage_Returns400ProblemWithoutStackTrace()
    {
        var response = await App.CreateClient().GetAsync("/api/v1/products?page=abc");

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GetProduct_ReturnsTheProductWithItsDescription()
    {
        var client = App.CreateClient();
        var id = (await client.GetJsonAsync("/api/v1/products?search=kettle"))["items"]![0]!["id"]!.GetValue<string>();

        var product = await client.GetJsonAsync($"/api/v1/products/{id}");

        product["name"]!.GetValue<string>().ShouldBe("Electric kettle 1.7 l");
        product["description"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        product["price"]!["amount"]!.GetValue<long>().ShouldBe(3490);
    }

    [Fact]
    public async Task GetProduct_WithAnUnknownId_Returns404Problem()
    {
        var response = await App.CreateClient().GetAsync($"/api/v1/products/{Guid.NewGuid()}");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Availability_ListsEveryStoreNearestFirstWithWhatIsLeft()
    {
        var client = App.CreateClient();
        var id = (await client.GetJsonAsync("/api/v1/products?search=kettle"))["items"]![0]!["id"]!.GetValue<string>();

        // Standing at the Louvre: Paris Rivoli is the nearest store.
        var rows = (await client.GetJsonAsync($"/api/v1/products/{id}/availability?lat=48.8611&lon=2.3364")).AsArray();

        rows.Count.ShouldBe(12);
        rows[0]!["storeName"]!.GetValue<string>().ShouldBe("Paris Rivoli");
        var distances = rows.Select(r => r!["distanceKm"]!.GetValue<double>()).ToList();
        distances.ShouldBe(distances.OrderBy(d => d).ToList());
        distances[^1].ShouldBeGreaterThan(1500); // Helsinki or Lisbon is far from Paris

        var expected = await App.WithDbAsync(db => Task.FromResult(db.Stock.Where(s => s.ProductId == Guid.Parse(id)).ToDictionary(s => s.StoreId, s => s.OnHand - s.Reserved)));
        foreach (var row in rows)
            row!["available"]!.GetValue<int>().ShouldBe(expected[Guid.Parse(row["storeId"]!.GetValue<string>())]);
    }

    [Theory]
    [InlineData("lat=200&lon=2", "lat")]
    [InlineData("lat=48&lon=-181", "lon")]
    [InlineData("lat=48", "lon")]
    public async Task Availability_WithBadCoordinates_Returns400WithFieldErrors(string query, string field)
    {
        var client = App.CreateClient();
        var id = (await client.GetJsonAsync("/api/v1/products?pageSize=1"))["items"]![0]!["id"]!.GetValue<string>();

        var problem = await (await client.GetAsync($"/api/v1/products/{id}/availability?{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        problem["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task Availability_WithALimit_ReturnsOnlyTheNearestStores()
    {
        var client = App.CreateClient();
        var id = (await client.GetJsonAsync("/api/v1/products?search=kettle"))["items"]![0]!["id"]!.GetValue<string>();

        var rows = (await client.GetJsonAsync($"/api/v1/products/{id}/availability?lat=60.17&lon=24.94&limit=3")).AsArray();

        rows.Select(r => r!["storeName"]!.GetValue<string>()).ShouldBe(["Helsinki Kamppi", "Helsinki Kallio", "Espoo Tapiola"]);
        await (await client.GetAsync($"/api/v1/products/{id}/availability?limit=0")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"/api/v1/products/{id}/availability?limit=101")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Availability_ForAnUnknownProduct_Returns404()
    {
        var response = await App.CreateClient().GetAsync($"/api/v1/products/{Guid.NewGuid()}/availability");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }
}

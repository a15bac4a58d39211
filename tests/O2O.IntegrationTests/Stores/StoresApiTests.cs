using System.Net;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Stores;

public sealed class StoresApiTests(O2OApp app) : IntegrationTest(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SeedDemoDataAsync();
    }

    [Fact]
    public async Task ListStores_NearAPoint_PutsTheNearestFirst()
    {
        // Standing in Lisbon's Praça do Comércio.
        var stores = (await App.CreateClient().GetJsonAsync("/api/v1/stores?lat=38.7076&lon=-9.1365")).AsArray();

        stores.Count.ShouldBe(12);
        stores[0]!["code"]!.GetValue<string>().ShouldBe("LIS01");
        stores[0]!["timeZone"]!.GetValue<string>().ShouldBe("Europe/Lisbon");
        var distances = stores.Select(s => s!["distanceKm"]!.GetValue<double>()).ToList();
        distances.ShouldBe(distances.OrderBy(d => d).ToList());
        stores.Select(s => s!["timeZone"]!.GetValue<string>()).Distinct().Count().ShouldBe(3);
        foreach (var s in stores)
        {
            s!["id"].ShouldNotBeNull();
            s["name"].ShouldNotBeNull();
            s["city"].ShouldNotBeNull();
            s["latitude"].ShouldNotBeNull();
            s["longitude"].ShouldNotBeNull();
            s["openToday"].ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task ListStores_WithoutAPoint_HasNoDistance()
    {
        var stores = (await App.CreateClient().GetJsonAsync("/api/v1/stores")).AsArray();

        stores.ShouldAllBe(s => s!["distanceKm"] == null);
    }

    [Theory]
    [InlineData("lat=200&lon=2", "lat")]
    [InlineData("lat=-91&lon=2", "lat")]
    [InlineData("lat=10&lon=999", "lon")]
    [InlineData("lon=2", "lat")]
    public async Task ListStores_WithBadCoordinates_Returns400WithFieldErrors(string query, string field)
    {
        var problem = await (await App.CreateClient().GetAsync($"/api/v1/stores?{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        problem["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task GetStore_HasHoursClosuresAndPickupSettings()
    {
        var client = App.CreateClient();
        var bastille = (await client.GetJsonAsync("/api/v1/stores")).AsArray().Single(s => s!["code"]!.GetValue<string>() == "PAR02");

        var store = await client.GetJsonAsync($"/api/v1/stores/{bastille!["id"]}");

        store["openingHours"]!.AsArray().Count.ShouldBe(6); // Monday to Saturday
        store["openingHours"]![0]!["opens"]!.GetValue<string>().ShouldBe("09:00:00");
        store["closures"]!.AsArray().Count.ShouldBe(1);
        store["pickup"]!["slotLengthMinutes"]!.GetValue<int>().ShouldBe(30);
        store["pickup"]!["ordersPerSlot"]!.GetValue<int>().ShouldBe(6);
        store["pickup"]!["leadTimeMinutes"]!.GetValue<int>().ShouldBe(60);
        store["pickup"]!["bookingHorizonDays"]!.GetValue<int>().ShouldBe(7);
        store["pickup"]!["holdDays"]!.GetValue<int>().ShouldBe(3);
        store["address"]!["city"]!.GetValue<string>().ShouldBe("Paris");
    }

    [Fact]
    public async Task GetStore_WithAnUnknownId_Returns404Problem()
    {
        await (await App.CreateClient().GetAsync($"/api/v1/stores/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetStore_WithAMalformedId_Returns404Problem()
    {
        await (await App.CreateClient().GetAsync("/api/v1/stores/not-a-guid")).ProblemAsync(HttpStatusCode.NotFound);
    }
}

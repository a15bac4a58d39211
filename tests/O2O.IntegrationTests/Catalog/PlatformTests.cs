using System.Net;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Catalog;

public sealed class PlatformTests(O2OApp app) : IntegrationTest(app)
{
    [Fact]
    public async Task Health_LiveAndReady_AreHealthy()
    {
        var client = App.CreateClient();

        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheReadEndpoints()
    {
        var doc = await App.CreateClient().GetJsonAsync("/openapi/v1.json");

        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/v1/products");
        paths.ShouldContain("/api/v1/products/{id}");
        paths.ShouldContain("/api/v1/products/{id}/availability");
        paths.ShouldContain("/api/v1/stores");
        paths.ShouldContain("/api/v1/stores/{id}");
        paths.ShouldContain("/api/v1/auth/login");
    }

    [Fact]
    public async Task ApiReference_IsServedBesideTheDocument()
    {
        var client = App.CreateClient();
        var response = await client.GetAsync("/api/docs/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("openapi/v1.json");
        html.ShouldNotContain("cdn."); // the reference's script ships with the app
        (await client.GetAsync("/api/docs/scalar.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ApiReference_LoadsNoFontsFromAnotherHost()
    {
        var html = await (await App.CreateClient().GetAsync("/api/docs/")).Content.ReadAsStringAsync();

        // Scalar's bundle fetches Inter and JetBrains Mono from fonts.scalar.com unless its configuration says not to.
        html.Replace(" ", "").ShouldContain("\"withDefaultFonts\":false");
    }

    [Fact]
    public async Task UnknownApiRoute_Returns404Problem()
    {
        await (await App.CreateClient().GetAsync("/api/v1/nothing-here")).ProblemAsync(HttpStatusCode.NotFound);
    }
}

using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Adversarial;

/// <summary>The app as it runs in production, over HTTPS on a real host name (HSTS is never sent to localhost).</summary>
public sealed class ProductionO2OApp : IAsyncLifetime
{
    public O2OApp App { get; } = new() { Environment = "Production" };

    public HttpClient Client(bool redirects = true) =>
        App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://shop.o2o.example"), AllowAutoRedirect = redirects });

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ProductionCollection : ICollectionFixture<ProductionO2OApp>
{
    public const string Name = "production";
}

[Trait("Category", "Adversarial")]
[Collection(ProductionCollection.Name)]
public sealed class ProductionSurfaceTests(ProductionO2OApp fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.App.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/")]
    [InlineData("/products")]
    [InlineData("/Account/Login")]
    [InlineData("/api/v1/products")]
    [InlineData("/api/v1/orders/01a230ac-e444-7afc-8a89-35179009f438")]
    [InlineData("/no-such-page")]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string path)
    {
        var response = await fixture.Client().GetAsync(path);

        var headers = response.Headers;
        headers.GetValues("Strict-Transport-Security").Single().ShouldStartWith("max-age=");
        headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        headers.GetValues("Referrer-Policy").ShouldBe(["strict-origin-when-cross-origin"]);
        var csp = headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("object-src 'none'");
        csp.ShouldNotContain("unsafe-inline");
        csp.ShouldNotContain("unsafe-eval");
    }

    [Fact]
    public async Task TheSignInCookie_IsHttpOnlyAndSameSite()
    {
        await fixture.App.UserAsync("shopper@o2o.test", Roles.Shopper);
        var client = fixture.Client(redirects: false);
        var login = await fixture.Client(redirects: false).GetAsync("/Account/Login");
        var antiforgery = login.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        antiforgery.ShouldContain("httponly", Case.Insensitive);
        antiforgery.ShouldContain("samesite=strict", Case.Insensitive);
        var form = System.Text.RegularExpressions.Regex.Match(await login.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = "shopper@o2o.test", ["Input.Password"] = "Demo-pass-1", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(form),
            }),
        };
        request.Headers.Add("Cookie", antiforgery.Split(';')[0]);

        var signedIn = await client.SendAsync(request);

        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
        var auth = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application", StringComparison.Ordinal));
        auth.ShouldContain("httponly", Case.Insensitive);
        auth.ShouldContain("samesite=lax", Case.Insensitive);
    }

    [Theory]
    [InlineData("/api/v1/orders/not-a-guid")]
    [InlineData("/api/v1/stores/01a230ac-e444-7afc-8a89-35179009f438")]
    [InlineData("/api/v1/admin/users")]
    [InlineData("/api/v1/products?page=0")]
    [InlineData("/no-such-page")]
    public async Task ErrorAnswersInProduction_ShowNoStackTraceOrSql(string path)
    {
        var response = await fixture.Client().GetAsync(path);

        ((int)response.StatusCode).ShouldBeInRange(400, 499);
        await response.ShouldBeRefusedAsync(response.StatusCode);
    }

    [Fact]
    public async Task MalformedJsonInProduction_IsA400WithoutAStackTrace()
    {
        var response = await fixture.Client().PostAsync("/api/v1/orders", new StringContent("{\"storeId\": [", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeRefusedAsync(HttpStatusCode.BadRequest);
    }
}

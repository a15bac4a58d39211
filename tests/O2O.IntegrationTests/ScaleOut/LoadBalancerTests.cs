using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.ScaleOut;

/// <summary>
/// nginx in front of two app instances (real Kestrel servers on their own ports), round robin, both on PgBouncer and the
/// replica: a shopper signs in and fills a cart, and every next request lands on the other instance, which still knows
/// them and their cart. The cookies and form tokens are protected with the key ring both read from PostgreSQL, and the
/// cart lives in the database, so no sticky sessions are needed.
/// </summary>
public sealed class LoadBalancerTests(ScaleApp fixture) : ScaleTest(fixture)
{
    private sealed class Instance(IReadOnlyDictionary<string, string?> settings, TimeProvider clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (k, v) in settings) builder.UseSetting(k, v);
            builder.ConfigureServices(s =>
            {
                s.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1000);
                s.AddSingleton(clock); // the instances share one wall clock: the fixture's, pinned by the test
            });
        }
    }

    private Instance StartInstance(int port)
    {
        var settings = new Dictionary<string, string?>(Scale.Settings(Scale.Database))
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Jobs:Enabled"] = "false",
            ["Email:DispatcherEnabled"] = "false",
            ["Payments:DispatcherEnabled"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        var instance = new Instance(settings, App.Clock);
        instance.UseKestrel(port);
        instance.StartServer();
        return instance;
    }

    [ScaleFact]
    public async Task ASignedInShopperAndTheirCart_SurviveBeingServedByTheOtherInstance()
    {
        var store = await App.StoreAsync("LB01");
        var kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(store, kettle, 10);
        await App.UserAsync("sam@o2o.test", Roles.Shopper);
        await Cluster.WaitForReplicaAsync();
        var (portA, portB) = (ScaleCluster.FreePort(), ScaleCluster.FreePort());
        await using var a = StartInstance(portA);
        await using var b = StartInstance(portB);
        await using var nginx = await Nginx.StartAsync([$"127.0.0.1:{portA}", $"127.0.0.1:{portB}"]);
        using var http = new HttpClient(new CookieJar(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })) { BaseAddress = new Uri(nginx.Url) };
        var shopper = new PageClient(http, new CookieContainer());
        var served = new List<string>();
        void Record(HttpResponseMessage r) => served.Add(r.Headers.GetValues(Nginx.UpstreamHeader).Single());

        // The login form comes from one instance and is posted to the other: its antiforgery token must be read there.
        var signIn = await shopper.PostFormAsync("/Account/Login", "/Account/Login",
            new() { ["Input.Email"] = "sam@o2o.test", ["Input.Password"] = "Demo-pass-1" });
        PageClient.Location(signIn);
        Record(signIn);
        var added = await shopper.PostFormWithoutTokenAsync($"/products/{kettle.Id}?handler=AddToCart",
            new() { ["quantity"] = "2" }, PageClient.SameOrigin);
        PageClient.Location(added);
        Record(added);
        var cart = await http.GetAsync("/cart");
        Record(cart);
        var orders = await http.GetAsync("/account/orders");
        Record(orders);

        served.Distinct().Count().ShouldBe(2);
        served.Zip(served.Skip(1)).ShouldAllBe(pair => pair.First != pair.Second); // each request on the other instance
        cart.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cartPage = await cart.Content.ReadAsStringAsync();
        cartPage.ShouldContain("Product KETTLE");
        cartPage.ShouldContain("€69.80");
        orders.StatusCode.ShouldBe(HttpStatusCode.OK, orders.Headers.Location?.ToString()); // still signed in: not sent to the login page
    }

    /// <summary>
    /// Keeps every cookie the app sets until the app deletes it. A CookieContainer would drop the sign-in cookie: the app's
    /// clock is pinned (its expiry is "14 days after" the test's instant), and the container judges it by the real one.
    /// </summary>
    private sealed class CookieJar(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Dictionary<string, string> _cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await base.SendAsync(request, ct);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [])
            {
                var pair = header.Split(';')[0].Split('=', 2);
                if (pair[1].Length == 0) _cookies.Remove(pair[0]);
                else _cookies[pair[0]] = pair[1];
            }
            return response;
        }
    }
}

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.ScaleOut;

/// <summary>A second app instance on the same database: what one issues, the other honours.</summary>
public sealed class TwoInstancesTests(O2OApp app) : IntegrationTest(app)
{
    private sealed class SecondInstance(string connectionString, TimeProvider clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:O2O", connectionString);
            builder.UseSetting("Jobs:Enabled", "false");
            builder.UseSetting("Email:DispatcherEnabled", "false");
            builder.UseSetting("Payments:DispatcherEnabled", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            builder.ConfigureServices(s =>
            {
                s.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1000);
                s.AddSingleton(clock); // instances share one wall clock: the first one's, pinned by the test
            });
        }
    }

    [Fact]
    public async Task ACookieAndAFormTokenFromOneInstance_AreAcceptedByTheOther()
    {
        await App.UserAsync("sam@o2o.test", Roles.Shopper);
        var store = await App.StoreAsync();
        await using var second = new SecondInstance(App.ConnectionString, App.Clock);
        var first = await PageClient.SignedInAsync(App, "sam@o2o.test");
        var storePage = await first.GetAsync($"/stores/{store.Id}"); // antiforgery token issued by the first instance
        var token = System.Text.RegularExpressions.Regex.Match(storePage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var other = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/stores/{store.Id}?handler=Choose")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }),
        };
        request.Headers.Add("Cookie", first.CookieHeader);
        var chosen = await other.SendAsync(request);
        var history = await other.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account/orders") { Headers = { { "Cookie", first.CookieHeader } } });

        chosen.StatusCode.ShouldBe(HttpStatusCode.Redirect); // not 400: the second instance read the first one's token
        history.StatusCode.ShouldBe(HttpStatusCode.OK);      // not a redirect to sign in: it read the first one's cookie
        (await App.WithDbAsync(db => Task.FromResult(db.DataProtectionKeys.Count()))).ShouldBeGreaterThan(0);
    }
}

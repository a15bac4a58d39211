using System.Diagnostics;
using System.Net;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Security;

/// <summary>
/// A NUL character in any text is refused before it reaches PostgreSQL: a refused Bind of an auto-prepared statement
/// left the pooled connection answering later queries with other statements' results (found as "unexpected backend
/// message DataRow" in tests that ran after the boundary walkers).
/// </summary>
public sealed class NulCharacterTests(O2OApp app) : IntegrationTest(app)
{
    [Theory]
    [InlineData("/api/v1/products?search=ket%00tle")]
    [InlineData("/api/v1/products?category=%00")]
    public async Task AQueryWithANulCharacter_Is400_AndNoStatementFailsInTheDatabase(string url)
    {
        var (response, failed) = await WithDatabaseErrorsCountedAsync(() => App.CreateClient().GetAsync(url));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        failed.ShouldBe(0);
    }

    [Fact]
    public async Task ASignInWithANulCharacter_Is400_AndTheNextSignInsOnThePoolStillWork()
    {
        await App.UserAsync("nul.check@o2o.test", O2O.Infrastructure.Identity.Roles.Shopper);
        var client = App.CreateClient();

        for (var i = 0; i < 20; i++)
        {
            var (refused, failed) = await WithDatabaseErrorsCountedAsync(() =>
                client.PostJsonAsync("/api/v1/auth/login", new { email = "nul.check@o2o\u0000.test", password = "x" }));
            ((int)refused.StatusCode).ShouldBeInRange(400, 401);
            failed.ShouldBe(0);
        }
        // Every pooled connection still answers its own queries.
        for (var i = 0; i < 20; i++) (await client.BearerTokenAsync("nul.check@o2o.test")).ShouldNotBeNullOrEmpty();
    }

    private static async Task<(HttpResponseMessage Response, int Failed)> WithDatabaseErrorsCountedAsync(Func<Task<HttpResponseMessage>> call)
    {
        var failed = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { if (activity.Status == ActivityStatusCode.Error) Interlocked.Increment(ref failed); },
        };
        ActivitySource.AddActivityListener(listener);
        var response = await call();
        return (response, failed);
    }
}

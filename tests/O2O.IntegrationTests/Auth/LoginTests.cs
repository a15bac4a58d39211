using System.Net;
using System.Net.Http.Headers;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Auth;

public sealed class LoginTests(O2OApp app) : IntegrationTest(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SeedDemoDataAsync(withAccounts: true);
    }

    [Theory]
    [InlineData("admin@o2o.test")]
    [InlineData("shopper@o2o.test")]
    [InlineData("staff.par01@o2o.test")]
    [InlineData("staff.hel03@o2o.test")]
    public async Task Login_WithADemoAccount_ReturnsABearerTokenThatAuthenticates(string email)
    {
        var client = App.CreateClient();
        var response = await client.PostJsonAsync("/api/v1/auth/login", new { email, password = "Demo-pass-1" });

        var json = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        json["tokenType"]!.GetValue<string>().ShouldBe("Bearer");
        var token = json["accessToken"]!.GetValue<string>();
        token.ShouldNotBeNullOrWhiteSpace();
        json["expiresIn"]!.GetValue<int>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Login_WithAWrongPassword_Returns401Problem()
    {
        var response = await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = "admin@o2o.test", password = "nope" });

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_AfterFiveWrongPasswords_Returns429WithRetryAfter_UntilTheLockoutEnds()
    {
        var client = App.CreateClient();
        for (var i = 0; i < 5; i++) await client.PostJsonAsync("/api/v1/auth/login", new { email = "shopper@o2o.test", password = "nope" });

        var locked = await client.PostJsonAsync("/api/v1/auth/login", new { email = "shopper@o2o.test", password = "Demo-pass-1" });

        await locked.ProblemAsync(HttpStatusCode.TooManyRequests);
        int.Parse(locked.Headers.GetValues("Retry-After").Single()).ShouldBeInRange(1, 300);
    }

    [Fact]
    public async Task Login_WithoutCredentials_Returns400Problem()
    {
        var response = await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = "", password = "" });

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Seeder_CreatesOneStaffAccountPerStore_AssignedToThatStore()
    {
        var assignments = await App.WithDbAsync(db => Task.FromResult(
            (from a in db.StaffAssignments
             join s in db.Stores on a.StoreId equals s.Id
             join u in db.Users on a.UserId equals u.Id
             select new { s.Code, u.Email }).ToList()));

        assignments.Count.ShouldBe(12);
        assignments.ShouldAllBe(a => a.Email == $"staff.{a.Code.ToLower()}@o2o.test");
    }

    [Fact]
    public async Task Seeder_RunTwice_AddsNothing()
    {
        var before = await App.WithDbAsync(db => Task.FromResult((db.Stores.Count(), db.Products.Count(), db.Users.Count(), db.Stock.Count())));

        await App.SeedDemoDataAsync(withAccounts: true);

        var after = await App.WithDbAsync(db => Task.FromResult((db.Stores.Count(), db.Products.Count(), db.Users.Count(), db.Stock.Count())));
        after.ShouldBe(before);
        before.Item1.ShouldBe(12);
        before.Item2.ShouldBeGreaterThanOrEqualTo(60);
        before.Item3.ShouldBe(14);
    }
}

using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Auth;

public sealed class SignInLandingTests(O2OApp app) : IntegrationTest(app)
{
    [Theory]
    [InlineData(Roles.Admin, "/admin")]
    [InlineData(Roles.Staff, "/staff")]
    [InlineData(Roles.Shopper, "/")]
    public async Task SigningIn_WithoutAReturnUrl_LandsOnTheDeskOfTheAccountsRole(string role, string landing)
    {
        await App.UserAsync("someone@o2o.test", role);

        var response = await PageClient.For(App).PostFormAsync("/Account/Login", "/Account/Login",
            new() { ["Input.Email"] = "someone@o2o.test", ["Input.Password"] = "Demo-pass-1" });

        PageClient.Location(response).ShouldBe(landing);
    }

    [Fact]
    public async Task SigningIn_WithAReturnUrl_GoesBackThere_WhateverTheRole()
    {
        await App.UserAsync("someone@o2o.test", Roles.Admin);

        var response = await PageClient.For(App).PostFormAsync("/Account/Login?returnUrl=%2Fcart", "/Account/Login?returnUrl=%2Fcart",
            new() { ["Input.Email"] = "someone@o2o.test", ["Input.Password"] = "Demo-pass-1" });

        PageClient.Location(response).ShouldBe("/cart");
    }
}

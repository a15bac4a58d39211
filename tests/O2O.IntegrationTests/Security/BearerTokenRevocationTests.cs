using System.Net;
using System.Net.Http.Json;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Security;

public sealed class BearerTokenRevocationTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private Store _store = null!;
    private string _staffId = "";
    private HttpClient _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("REV01");
        await App.UserAsync("rev-admin@o2o.test", Roles.Admin);
        _staffId = await App.UserAsync("rev-staff@o2o.test", Roles.Staff, _store);
        _admin = await App.ClientForAsync("rev-admin@o2o.test");
    }

    private string Board => $"/api/v1/staff/stores/{_store.Id}/orders";

    [Fact]
    public async Task DisablingAnAccount_StopsItsBearerToken_WithinAMinute_AsItStopsCookies()
    {
        var staff = await App.ClientForAsync("rev-staff@o2o.test");
        (await staff.GetAsync(Board)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _admin.PostAsync($"/api/v1/admin/users/{_staffId}/disable", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        App.Clock.Advance(TimeSpan.FromSeconds(61));

        (await staff.GetAsync(Board)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // Enabling the account again does not bring back a token issued before it was disabled.
        (await _admin.PostAsync($"/api/v1/admin/users/{_staffId}/enable", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        App.Clock.Advance(TimeSpan.FromSeconds(61));
        (await staff.GetAsync(Board)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TakingAwayTheStaffRole_TakesEffectOnABearerToken_WithinAMinute()
    {
        var staff = await App.ClientForAsync("rev-staff@o2o.test");
        (await staff.GetAsync(Board)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var changed = await _admin.PutAsJsonAsync($"/api/v1/admin/users/{_staffId}", new { roles = new[] { Roles.Shopper }, storeIds = Array.Empty<Guid>() });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        App.Clock.Advance(TimeSpan.FromSeconds(61));

        (await staff.GetAsync(Board)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RemovingAStoreAssignment_HidesThatStore_OnTheNextRequest()
    {
        var staff = await App.ClientForAsync("rev-staff@o2o.test");
        (await staff.GetAsync(Board)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _admin.PutAsJsonAsync($"/api/v1/admin/users/{_staffId}", new { roles = new[] { Roles.Staff }, storeIds = Array.Empty<Guid>() }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await staff.GetAsync(Board)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnUntouchedAccount_KeepsItsBearerToken_PastTheRevalidation()
    {
        var staff = await App.ClientForAsync("rev-staff@o2o.test");
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        (await staff.GetAsync(Board)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

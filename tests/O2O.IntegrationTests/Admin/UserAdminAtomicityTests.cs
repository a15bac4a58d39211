using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Admin;

/// <summary>Inviting staff and changing access write through Identity and our own tables: all of it commits, or none.</summary>
public sealed class UserAdminAtomicityTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private HttpClient _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("PAR98");
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        _admin = await App.ClientForAsync("boss@o2o.test");
    }

    public override async Task DisposeAsync()
    {
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "DROP TRIGGER IF EXISTS audit_fails ON audit_entries; DROP FUNCTION IF EXISTS audit_fails()"));
        await base.DisposeAsync();
    }

    /// <summary>The audit entry is the last write of each command; making it fail shows what a failure half-way leaves.</summary>
    private Task FailTheAuditWriteAsync() => App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
        CREATE FUNCTION audit_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store is down'; END $$;
        CREATE TRIGGER audit_fails BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_fails();
        """));

    [Fact]
    public async Task AnInvite_ThatFailsHalfWay_LeavesNoAccountRoleAssignmentOrEmail()
    {
        await FailTheAuditWriteAsync();

        var response = await _admin.PostJsonAsync("/api/v1/admin/users",
            new { email = "half.way@o2o.test", name = "Half Way", roles = new[] { "Staff" }, storeIds = new[] { _store.Id } });

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await App.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "half.way@o2o.test"))).ShouldBe(0);
        (await App.WithDbAsync(db => db.UserRoles.CountAsync())).ShouldBe(1); // the admin's own
        (await App.WithDbAsync(db => db.StaffAssignments.CountAsync())).ShouldBe(0);
        (await App.WithDbAsync(db => db.Emails.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task AnAccessChange_ThatFailsHalfWay_LeavesTheRolesAndStoresAsTheyWere()
    {
        var userId = await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
        var other = await App.StoreAsync("PAR97");
        await FailTheAuditWriteAsync();

        var response = await _admin.PutAsJsonAsync($"/api/v1/admin/users/{userId}", new { roles = new[] { "Admin" }, storeIds = new[] { other.Id } });

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var roles = await App.WithDbAsync(db => (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                                                  where ur.UserId == userId select r.Name).ToListAsync());
        roles.ShouldBe([Roles.Staff]);
        (await App.WithDbAsync(db => db.StaffAssignments.Where(a => a.UserId == userId).Select(a => a.StoreId).ToListAsync())).ShouldBe([_store.Id]);
    }

    [Fact]
    public async Task ListingUsers_ReadsTheirRolesInOneQuery_HoweverManyThereAre()
    {
        for (var i = 0; i < 3; i++) await App.UserAsync($"few{i}@o2o.test", Roles.Staff);
        // The admin's own token is checked against their account (and its roles read) once a minute: not the list's reads.
        (await _admin.GetAsync("/api/v1/admin/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var few = await CountRoleQueriesAsync();
        for (var i = 0; i < 7; i++) await App.UserAsync($"many{i}@o2o.test", Roles.Shopper);

        var many = await CountRoleQueriesAsync();

        many.ShouldBe(few, $"{few} then {many}");
        many.ShouldBe(1);
    }

    /// <summary>
    /// Commands that read AspNetUserRoles while the user list is served (tests run one at a time, jobs are off). Npgsql
    /// traces each command it sends to PostgreSQL, whatever asked for it.
    /// </summary>
    private async Task<int> CountRoleQueriesAsync()
    {
        var count = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var sql = activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement");
                if (sql is string text && text.Contains("AspNetUserRoles", StringComparison.Ordinal)) Interlocked.Increment(ref count);
            },
        };
        ActivitySource.AddActivityListener(listener);
        var response = await _admin.GetAsync("/api/v1/admin/users");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return count;
    }
}

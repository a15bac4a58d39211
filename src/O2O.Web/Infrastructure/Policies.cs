using O2O.Infrastructure.Identity;

namespace O2O.Web.Infrastructure;

public static class Policies
{
    public const string StaffOrAdmin = nameof(StaffOrAdmin);
    public const string Admin = nameof(Admin);

    public static IServiceCollection AddO2OAuthorization(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffOrAdmin, p => p.RequireRole(Roles.Staff, Roles.Admin))
            .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
            .Services;
}

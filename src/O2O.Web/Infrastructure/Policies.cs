using Microsoft.AspNetCore.Identity;
using O2O.Infrastructure.Identity;

namespace O2O.Web.Infrastructure;

public static class Policies
{
    public const string StaffOrAdmin = nameof(StaffOrAdmin);
    public const string Admin = nameof(Admin);

    /// <summary>Pages sign in with the cookie, so a missing sign-in redirects to the login page rather than answering 401.</summary>
    public const string SignedInPage = nameof(SignedInPage);
    public const string StaffPage = nameof(StaffPage);
    public const string AdminPage = nameof(AdminPage);

    public static IServiceCollection AddO2OAuthorization(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffOrAdmin, p => p.RequireRole(Roles.Staff, Roles.Admin))
            .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(SignedInPage, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser())
            .AddPolicy(AdminPage, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin))
            .AddPolicy(StaffPage, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Staff, Roles.Admin))
            .Services;
}

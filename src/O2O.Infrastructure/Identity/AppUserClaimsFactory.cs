using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace O2O.Infrastructure.Identity;

/// <summary>
/// Puts the account's language in its sign-in, so choosing the language costs no query per request; the security
/// stamp check rebuilds the principal every minute, and a change of language signs the account in again.
/// </summary>
public sealed class AppUserClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    /// <summary>The OpenID Connect name for a person's language.</summary>
    public const string LocaleClaim = "locale";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.PreferredCulture is { Length: > 0 } culture) identity.AddClaim(new Claim(LocaleClaim, culture));
        return identity;
    }
}

using System.Security.Claims;
using O2O.Application.Abstractions;
using O2O.Infrastructure.Identity;

namespace O2O.Web.Infrastructure;

public static class ActorExtensions
{
    /// <summary>The signed-in user as the application layer sees them, from the cookie or the bearer token.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? new Actor(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity.Name ?? "user",
                user.IsInRole(Roles.Admin), user.IsInRole(Roles.Staff))
            : Actor.Anonymous;
}

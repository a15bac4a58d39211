using Microsoft.AspNetCore.Identity;
using O2O.Infrastructure.Identity;
using O2O.Web.Infrastructure;
using O2O.Application.Localization;

namespace O2O.Web.Api;

public static class AuthEndpoints
{
    public sealed record LoginRequest(string Email, string Password);

    public static void MapAuthEndpoints(this RouteGroupBuilder v1)
    {
        // Sign-in is Identity's job, not a use case of ours: the bearer handler writes the token response itself.
        v1.MapPost("/auth/login", async (LoginRequest request, SignInManager<AppUser> signIn, HttpContext http) =>
            {
                if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrWhiteSpace(request.Password))
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                    {
                        ["credentials"] = [Messages.Api_CredentialsRequired],
                    });
                signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
                var result = await signIn.PasswordSignInAsync(request.Email.Trim(), request.Password, isPersistent: false, lockoutOnFailure: true);
                if (result.IsLockedOut)
                {
                    var user = await signIn.UserManager.FindByEmailAsync(request.Email.Trim());
                    var until = user is null ? null : await signIn.UserManager.GetLockoutEndDateAsync(user);
                    // Identity times its lockouts with the system clock, not the app's TimeProvider: measure against the same clock.
                    var identityNow = DateTimeOffset.UtcNow;
                    var seconds = Math.Max(1, (int)Math.Ceiling(((until ?? identityNow) - identityNow).TotalSeconds));
                    http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return TypedResults.Problem(title: Messages.Api_SignInLocked, statusCode: StatusCodes.Status429TooManyRequests);
                }
                if (!result.Succeeded)
                    return TypedResults.Problem(title: Messages.Api_WrongCredentials, statusCode: StatusCodes.Status401Unauthorized);
                return Results.Empty;
            })
            .WithTags("Auth")
            .WithName("Login")
            .RateLimited(Door.SignIn, HttpMethods.Post)
            .WithSummary("Exchanges an email and password for a bearer token (Identity bearer tokens).")
            .Produces(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}

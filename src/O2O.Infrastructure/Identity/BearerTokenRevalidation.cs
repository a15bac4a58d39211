using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace O2O.Infrastructure.Identity;

/// <summary>
/// Identity's bearer tokens carry the user's claims, and its handler trusts them until the token expires (an hour).
/// This checks a token's security stamp against the user store, as the cookie's validator does, and rebuilds the
/// principal from the store, so a disabled account, a new password or a changed role takes effect on bearer tokens
/// within the same interval as on cookies (ADR 22). Store assignments are read live by each use case.
/// </summary>
public sealed class BearerTokenRevalidation(TimeProvider clock, IOptions<SecurityStampValidatorOptions> stampOptions) : IDisposable
{
    private sealed record Checked(ClaimsPrincipal? Principal, DateTimeOffset At);

    // A bounded cache of its own: one entry per live (user, stamp), so a flood of tokens cannot grow it without end.
    private readonly MemoryCache _checked = new(new MemoryCacheOptions { SizeLimit = 50_000 });

    public async Task OnMessageReceivedAsync(MessageReceivedContext context)
    {
        var token = context.Token ?? BearerToken(context.Request);
        if (token is null) return;
        var ticket = context.Options.BearerTokenProtector.Unprotect(token);
        var now = clock.GetUtcNow();
        // An unreadable or expired token is left to the handler, which rejects it.
        if (ticket?.Properties.ExpiresUtc is not { } expires || now >= expires) return;

        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<AppUser>>();
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = ticket.Principal.FindFirstValue(signIn.Options.ClaimsIdentity.SecurityStampClaimType);
        var key = (userId, stamp);
        var interval = stampOptions.Value.ValidationInterval;
        if (!_checked.TryGetValue(key, out Checked? last) || last is null || (last.Principal is not null && now - last.At >= interval))
        {
            var user = await signIn.ValidateSecurityStampAsync(ticket.Principal);
            last = new Checked(user is null ? null : await signIn.CreateUserPrincipalAsync(user), now);
            // A stamp never comes back once changed, so a revoked token stays revoked until it would have expired anyway.
            // Relative lifetimes: the cache keeps its own (system) clock, which need not be the app's TimeProvider.
            var keep = user is null ? expires - now : interval * 2;
            _checked.Set(key, last, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = keep > TimeSpan.Zero ? keep : TimeSpan.FromSeconds(1) });
        }

        if (last.Principal is null)
        {
            context.Fail("The token was revoked: the account was disabled or its credentials changed.");
            return;
        }
        context.Principal = last.Principal.Clone(); // a request may add to its principal; the cached one stays as built
        context.Properties = ticket.Properties;
        context.Success();
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    public void Dispose() => _checked.Dispose();
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Infrastructure.Identity;

public sealed class UserDirectory(UserManager<AppUser> users) : IUserDirectory
{
    public async Task<IReadOnlyList<UserAccount>> ListAsync(string? search, CancellationToken ct)
    {
        var query = users.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(s));
        }
        var list = await query.OrderBy(u => u.Email).Take(500).ToListAsync(ct);
        var result = new List<UserAccount>(list.Count);
        foreach (var u in list) result.Add(await ToAccountAsync(u));
        return result;
    }

    public async Task<UserAccount?> FindAsync(string userId, CancellationToken ct) =>
        await users.FindByIdAsync(userId) is { } u ? await ToAccountAsync(u) : null;

    public async Task<(UserAccount? User, string? InviteToken, string? Error)> CreateAsync(string email, string name, IReadOnlyList<string> roles, CancellationToken ct)
    {
        var user = new AppUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
            return (null, null, created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                ? "An account with this email already exists." : string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRolesAsync(user, roles);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return (await ToAccountAsync(user), token, null);
    }

    public async Task<string?> SetRolesAsync(string userId, IReadOnlyList<string> roles, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return "The user does not exist.";
        var current = await users.GetRolesAsync(user);
        var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
        var added = await users.AddToRolesAsync(user, roles.Except(current));
        return removed.Succeeded && added.Succeeded ? null : string.Join(" ", removed.Errors.Concat(added.Errors).Select(e => e.Description));
    }

    public async Task SetDisabledAsync(string userId, bool disabled, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("The user does not exist.");
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, disabled ? DateTimeOffset.MaxValue : null);
        // Signs the account out everywhere within a minute: cookies and bearer tokens (BearerTokenRevalidation) are
        // checked against the security stamp.
        await users.UpdateSecurityStampAsync(user);
    }

    private async Task<UserAccount> ToAccountAsync(AppUser u) =>
        new(u.Id, u.Email ?? "", u.DisplayName, [.. await users.GetRolesAsync(u)], u.LockoutEnd is { } end && end > DateTimeOffset.UtcNow);
}

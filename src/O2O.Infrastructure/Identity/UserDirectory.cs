using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Infrastructure.Data;

namespace O2O.Infrastructure.Identity;

public sealed class UserDirectory(UserManager<AppUser> users, AppDbContext db, TimeProvider clock) : IUserDirectory
{
    /// <summary>The accounts with their roles in one query (UserManager would ask for each account's roles in turn).</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(string? search, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(s));
        }
        var list = await query.OrderBy(u => u.Email).Take(500)
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.LockoutEnd,
                Roles = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id orderby r.Name select r.Name!).ToList(),
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return list.Select(u => new UserAccount(u.Id, u.Email ?? "", u.DisplayName, u.Roles, u.LockoutEnd is { } end && end > now)).ToList();
    }

    public async Task<IReadOnlyDictionary<string, string>> EmailsAsync(IReadOnlyCollection<string> userIds, CancellationToken ct) =>
        userIds.Count == 0 ? new Dictionary<string, string>()
            : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.Email != null).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);

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
        new(u.Id, u.Email ?? "", u.DisplayName, [.. await users.GetRolesAsync(u)], u.LockoutEnd is { } end && end > clock.GetUtcNow());
}

using Microsoft.AspNetCore.Identity;
using O2O.Application.Abstractions;

namespace O2O.Infrastructure.Identity;

public sealed class AccountStore(UserManager<AppUser> users) : IAccountStore
{
    public async Task<AccountData?> FindAsync(string userId, CancellationToken ct)
    {
        if (await users.FindByIdAsync(userId) is not { } user) return null;
        var logins = await users.GetLoginsAsync(user);
        return new AccountData(user.Id, user.Email ?? "", user.EmailConfirmed, user.DisplayName, user.PhoneNumber,
            [.. await users.GetRolesAsync(user)], user.TwoFactorEnabled, [.. logins.Select(l => l.ProviderDisplayName ?? l.LoginProvider)]);
    }

    public async Task<bool> CheckPasswordAsync(string userId, string password, CancellationToken ct) =>
        await users.FindByIdAsync(userId) is { } user && await users.CheckPasswordAsync(user, password);

    public async Task<string?> DeleteAsync(string userId, CancellationToken ct)
    {
        if (await users.FindByIdAsync(userId) is not { } user) return "The account does not exist.";
        var deleted = await users.DeleteAsync(user);
        return deleted.Succeeded ? null : string.Join(" ", deleted.Errors.Select(e => e.Description));
    }
}

namespace O2O.Application.Abstractions;

/// <summary>The signed-in person's own account (ASP.NET Core Identity), as the shopper's data use cases need it.</summary>
public interface IAccountStore
{
    Task<AccountData?> FindAsync(string userId, CancellationToken ct);

    Task<bool> CheckPasswordAsync(string userId, string password, CancellationToken ct);

    /// <summary>Deletes the account with its roles, logins, claims and tokens. Runs in the caller's transaction.</summary>
    Task<string?> DeleteAsync(string userId, CancellationToken ct);
}

/// <summary>Everything the accounts store keeps about a person, for their download.</summary>
public sealed record AccountData(string Id, string Email, bool EmailConfirmed, string Name, string? Phone, IReadOnlyList<string> Roles,
    bool TwoFactorEnabled, IReadOnlyList<string> ExternalLogins);

namespace O2O.Application.Abstractions;

/// <summary>The accounts store (ASP.NET Core Identity), as the admin use cases need it.</summary>
public interface IUserDirectory
{
    Task<IReadOnlyList<UserAccount>> ListAsync(string? search, CancellationToken ct);
    Task<UserAccount?> FindAsync(string userId, CancellationToken ct);

    /// <summary>The emails of these accounts, in one query (the audit log names accounts by email).</summary>
    Task<IReadOnlyDictionary<string, string>> EmailsAsync(IReadOnlyCollection<string> userIds, CancellationToken ct);

    /// <summary>Creates an account with no usable password and returns a one-time token to set one (the invite).</summary>
    Task<(UserAccount? User, string? InviteToken, string? Error)> CreateAsync(string email, string name, IReadOnlyList<string> roles, CancellationToken ct);

    Task<string?> SetRolesAsync(string userId, IReadOnlyList<string> roles, CancellationToken ct);
    Task SetDisabledAsync(string userId, bool disabled, CancellationToken ct);
}

public sealed record UserAccount(string Id, string Email, string Name, IReadOnlyList<string> Roles, bool Disabled);

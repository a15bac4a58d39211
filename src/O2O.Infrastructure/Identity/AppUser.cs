using Microsoft.AspNetCore.Identity;

namespace O2O.Infrastructure.Identity;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The language the shopper chose (a supported culture name), which follows them to any device.</summary>
    public string? PreferredCulture { get; set; }
}

public static class Roles
{
    public const string Shopper = "Shopper";
    public const string Staff = "Staff";
    public const string Admin = "Admin";

    public static readonly string[] All = [Shopper, Staff, Admin];
}

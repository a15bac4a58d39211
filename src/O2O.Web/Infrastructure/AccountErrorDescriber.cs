using System.Globalization;
using Microsoft.AspNetCore.Identity;
using O2O.Application.Localization;
using O2O.Web.Localization;

namespace O2O.Web.Infrastructure;

/// <summary>
/// Identity's own errors (a password too short, an email already taken) in the reader's language: Identity builds them
/// while the request runs, so the current UI culture is the reader's. The codes stay Identity's, so pages can still
/// place each error beside its field.
/// </summary>
public sealed class AccountErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), Account.Identity_DefaultError);
    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), Account.Identity_ConcurrencyFailure);
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), Account.Identity_PasswordMismatch);
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), Account.Identity_InvalidToken);
    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), Account.Identity_RecoveryCodeRedemptionFailed);
    public override IdentityError LoginAlreadyAssociated() => Error(nameof(LoginAlreadyAssociated), Account.Identity_LoginAlreadyAssociated);
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), Account.Identity_InvalidUserName, userName);
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), Account.Identity_InvalidEmail, email);
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), Account.Identity_DuplicateUserName, userName);
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), Account.Identity_DuplicateEmail, email);
    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), Account.Identity_InvalidRoleName, role);
    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), Account.Identity_DuplicateRoleName, role);
    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), Account.Identity_UserAlreadyHasPassword);
    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), Account.Identity_UserLockoutNotEnabled);
    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), Account.Identity_UserAlreadyInRole, role);
    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), Account.Identity_UserNotInRole, role);
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), Account.Identity_PasswordRequiresNonAlphanumeric);
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), Account.Identity_PasswordRequiresDigit);
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), Account.Identity_PasswordRequiresLower);
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), Account.Identity_PasswordRequiresUpper);

    public override IdentityError PasswordTooShort(int length) => new()
    {
        Code = nameof(PasswordTooShort),
        Description = Plural.Format(Account.ResourceManager, nameof(Account.Identity_PasswordTooShort_other), length),
    };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new()
    {
        Code = nameof(PasswordRequiresUniqueChars),
        Description = Plural.Format(Account.ResourceManager, nameof(Account.Identity_PasswordRequiresUniqueChars_other), uniqueChars),
    };

    private static IdentityError Error(string code, string text, string? value = null) => new()
    {
        Code = code,
        Description = string.Format(CultureInfo.CurrentCulture, text, value),
    };
}

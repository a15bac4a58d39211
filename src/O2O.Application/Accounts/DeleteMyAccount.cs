using FluentValidation;
using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Accounts;

/// <summary>
/// The shopper closes their account: it is deleted, and every holder of their data erases it, in one transaction.
/// The password is asked again so a borrowed, signed-in device cannot do it.
/// </summary>
public sealed record DeleteMyAccount(string UserId, string? Password) : ICommand<Result<bool>>;

public sealed class DeleteMyAccountValidator : AbstractValidator<DeleteMyAccount>
{
    public DeleteMyAccountValidator() =>
        RuleFor(x => x.Password).NotEmpty().WithMessage(_ => Messages.Account_ConfirmPassword).OverridePropertyName("password");
}

public sealed class DeleteMyAccountHandler(IAppDbContext db, IAccountStore accounts, IEnumerable<IPersonalDataHolder> holders)
    : ICommandHandler<DeleteMyAccount, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(DeleteMyAccount command, CancellationToken ct)
    {
        if (await accounts.FindAsync(command.UserId, ct) is not { } account) return Error.NotFound(Messages.NotFound_Account);
        if (!await accounts.CheckPasswordAsync(account.Id, command.Password!, ct)) return Error.Invalid("password", Messages.Account_WrongPassword);
        if (account.Roles.Any(r => r is "Staff" or "Admin"))
            return new Error(ErrorKind.Conflict, "staff_account", Messages.Account_StaffClosedByAdmin);
        foreach (var holder in holders)
            if (await holder.BlockingReasonAsync(account.Id, ct) is { } reason) return new Error(ErrorKind.Conflict, "account_busy", reason);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var holder in holders) await holder.EraseAsync(account.Id, ct);
        if (await accounts.DeleteAsync(account.Id, ct) is { } error) return new Error(ErrorKind.Conflict, "not_deleted", error);
        await tx.CommitAsync(ct);
        return true;
    }
}

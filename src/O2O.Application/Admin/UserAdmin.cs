using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Notifications;
using O2O.Domain.Stores;
using O2O.Application.Localization;

namespace O2O.Application.Admin;

public static class KnownRoles
{
    public static readonly string[] All = ["Shopper", "Staff", "Admin"];
}

public sealed record ListUsers(string? Search = null) : IQuery<IReadOnlyList<AdminUser>>;

public sealed record AdminUser(string Id, string Email, string Name, IReadOnlyList<string> Roles, bool Disabled, IReadOnlyList<string> StoreCodes);

/// <summary>Creates a staff or admin account and emails an invitation to set a password.</summary>
public sealed record InviteUser(string? Email, string? Name, IReadOnlyList<string>? Roles, IReadOnlyList<Guid>? StoreIds, string InviteBaseUrl, Actor Actor)
    : ICommand<Result<AdminUser>>;

public sealed record UpdateUserAccess(string UserId, IReadOnlyList<string>? Roles, IReadOnlyList<Guid>? StoreIds, Actor Actor) : ICommand<Result<AdminUser>>;

public sealed record SetUserDisabled(string UserId, bool Disabled, Actor Actor) : ICommand<Result<AdminUser>>;

public sealed class InviteUserValidator : AbstractValidator<InviteUser>
{
    public InviteUserValidator()
    {
        RuleFor(x => x.Email).NotEmpty().EmailAddress().MaximumLength(254).OverridePropertyName("email").WithName(_ => Messages.Field_Email);
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200).OverridePropertyName("name").WithName(_ => Messages.Field_PersonName);
        RuleFor(x => x.Roles).NotEmpty().WithMessage(_ => Messages.Admin_OneRole)
            .Must(r => r is null || r.All(KnownRoles.All.Contains)).WithMessage(_ => Texts.Format(Messages.Admin_RolesAre, string.Join(", ", KnownRoles.All))).OverridePropertyName("roles");
    }
}

public sealed class UpdateUserAccessValidator : AbstractValidator<UpdateUserAccess>
{
    public UpdateUserAccessValidator() =>
        RuleFor(x => x.Roles).NotEmpty().WithMessage(_ => Messages.Admin_OneRole)
            .Must(r => r is null || r.All(KnownRoles.All.Contains)).WithMessage(_ => Texts.Format(Messages.Admin_RolesAre, string.Join(", ", KnownRoles.All))).OverridePropertyName("roles");
}

public sealed class UserAdminHandler(IAppDbContext db, IUserDirectory users, TimeProvider clock) :
    IQueryHandler<ListUsers, IReadOnlyList<AdminUser>>, ICommandHandler<InviteUser, Result<AdminUser>>,
    ICommandHandler<UpdateUserAccess, Result<AdminUser>>, ICommandHandler<SetUserDisabled, Result<AdminUser>>
{
    public async ValueTask<IReadOnlyList<AdminUser>> Handle(ListUsers query, CancellationToken ct)
    {
        var accounts = await users.ListAsync(query.Search, ct);
        var ids = accounts.Select(a => a.Id).ToList();
        var stores = await (from a in db.StaffAssignments join s in db.Stores on a.StoreId equals s.Id where ids.Contains(a.UserId) select new { a.UserId, s.Code })
            .ToListAsync(ct);
        return accounts.Select(a => new AdminUser(a.Id, a.Email, a.Name, a.Roles, a.Disabled,
            stores.Where(s => s.UserId == a.Id).Select(s => s.Code).OrderBy(c => c).ToList())).ToList();
    }

    public async ValueTask<Result<AdminUser>> Handle(InviteUser command, CancellationToken ct)
    {
        var storeIds = command.StoreIds ?? [];
        if (await CheckStoresAsync(storeIds, ct) is { } storeError) return storeError;
        // Identity saves the account and its roles itself, on this same DbContext: inside one transaction they commit
        // with the store assignments, the invitation and the audit entry, or not at all.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (account, token, error) = await users.CreateAsync(command.Email!.Trim(), command.Name!.Trim(), command.Roles!, ct);
        if (account is null) return Error.Invalid("email", error ?? Messages.Admin_AccountNotCreated);
        foreach (var id in storeIds.Distinct()) db.StaffAssignments.Add(new StaffAssignment(account.Id, id));
        var link = $"{command.InviteBaseUrl.TrimEnd('/')}/Account/SetPassword?userId={Uri.EscapeDataString(account.Id)}&token={Uri.EscapeDataString(token!)}";
        var now = clock.GetUtcNow();
        db.Emails.Add(StaffEmails.Invitation(account.Email, account.Name, account.Roles, link, now));
        db.AuditEntries.Add(new AuditEntry(now, command.Actor.Name, "user.invite", "User", account.Id, null, new { account.Email, account.Roles, storeIds }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await Handle(new ListUsers(account.Email), ct)).First(u => u.Id == account.Id);
    }

    public async ValueTask<Result<AdminUser>> Handle(UpdateUserAccess command, CancellationToken ct)
    {
        var account = await users.FindAsync(command.UserId, ct);
        if (account is null) return Error.NotFound(Messages.NotFound_User);
        var storeIds = command.StoreIds ?? [];
        if (await CheckStoresAsync(storeIds, ct) is { } storeError) return storeError;
        var before = (await Handle(new ListUsers(account.Email), ct)).First(u => u.Id == account.Id);
        // Roles (saved by Identity), store assignments and the audit entry change together or not at all.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await users.SetRolesAsync(account.Id, command.Roles!, ct) is { } error) return Error.Invalid("roles", error);
        var existing = await db.StaffAssignments.Where(a => a.UserId == account.Id).ToListAsync(ct);
        db.StaffAssignments.RemoveRange(existing.Where(a => !storeIds.Contains(a.StoreId)));
        foreach (var id in storeIds.Distinct().Where(id => existing.All(a => a.StoreId != id))) db.StaffAssignments.Add(new StaffAssignment(account.Id, id));
        await db.SaveChangesAsync(ct);
        var after = (await Handle(new ListUsers(account.Email), ct)).First(u => u.Id == account.Id);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "user.access", "User", account.Id,
            new { before.Roles, before.StoreCodes }, new { after.Roles, after.StoreCodes }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return after;
    }

    public async ValueTask<Result<AdminUser>> Handle(SetUserDisabled command, CancellationToken ct)
    {
        var account = await users.FindAsync(command.UserId, ct);
        if (account is null) return Error.NotFound(Messages.NotFound_User);
        if (command.Disabled && account.Id == command.Actor.UserId) return Error.Invalid("userId", Messages.Admin_CannotDisableSelf);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await users.SetDisabledAsync(account.Id, command.Disabled, ct);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, command.Disabled ? "user.disable" : "user.enable", "User", account.Id,
            new { account.Disabled }, new { Disabled = command.Disabled }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await Handle(new ListUsers(account.Email), ct)).First(u => u.Id == account.Id);
    }

    private async Task<Error?> CheckStoresAsync(IReadOnlyList<Guid> storeIds, CancellationToken ct)
    {
        var known = await db.Stores.CountAsync(s => storeIds.Contains(s.Id), ct);
        return known == storeIds.Distinct().Count() ? null : Error.Invalid("storeIds", Messages.Admin_UnknownStore);
    }
}

using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Admin;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Loyalty;

/// <summary>
/// An admin adds or takes points, with a reason. <see cref="AdjustmentId"/> is the cause key: the same id again (a
/// retried request) changes nothing. Taking more than the balance is refused.
/// </summary>
public sealed record AdjustLoyaltyPoints(string UserId, long Points, string? Reason, Guid AdjustmentId, Actor Actor) : ICommand<Result<long>>;

public sealed class AdjustLoyaltyPointsValidator : AbstractValidator<AdjustLoyaltyPoints>
{
    public AdjustLoyaltyPointsValidator()
    {
        RuleFor(x => x.Points).NotEqual(0).InclusiveBetween(-1_000_000_000, 1_000_000_000).OverridePropertyName("points").WithName(_ => Messages.Field_LoyaltyPoints);
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(200).OverridePropertyName("reason").WithName(_ => Messages.Field_Reason);
        RuleFor(x => x.AdjustmentId).NotEmpty().OverridePropertyName("adjustmentId");
    }
}

public sealed class AdjustLoyaltyPointsHandler(IAppDbContext db, IUserDirectory users, TimeProvider clock) : ICommandHandler<AdjustLoyaltyPoints, Result<long>>
{
    public async ValueTask<Result<long>> Handle(AdjustLoyaltyPoints command, CancellationToken ct)
    {
        if (await users.FindAsync(command.UserId, ct) is null) return Error.NotFound(Messages.NotFound_Account);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var outcome = await LoyaltySql.ApplyAsync(db, new LoyaltyChange(command.UserId, LoyaltyKind.Adjusted, command.AdjustmentId.ToString(),
            command.Points, null, command.Reason!.Trim(), now), ct);
        if (outcome == LoyaltyOutcome.Insufficient) return new Error(ErrorKind.Conflict, "loyalty_insufficient", Messages.Loyalty_Insufficient);
        if (outcome == LoyaltyOutcome.Applied)
            db.AuditEntries.Add(new AuditEntry(now, command.Actor.Name, "loyalty.adjust", "User", command.UserId, null,
                new { command.Points, Reason = command.Reason.Trim(), command.AdjustmentId }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await db.Database.SqlQuery<long>($"SELECT balance AS \"Value\" FROM loyalty_accounts WHERE user_id = {command.UserId}").SingleAsync(ct);
    }
}

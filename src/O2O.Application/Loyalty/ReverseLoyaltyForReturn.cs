using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Loyalty;

/// <summary>
/// Goods worth <see cref="ReturnedMinor"/> came back after a collected order: the points it earned go, in proportion
/// to the money returned, once per <see cref="ReturnId"/>. Never below zero: points already spent stay spent.
/// The returns use case calls <see cref="ReverseLoyalty.ForReturnAsync"/> inside its own transaction; this command is
/// the same in a transaction of its own.
/// </summary>
public sealed record ReverseLoyaltyForReturn(Guid OrderId, string ReturnId, long ReturnedMinor) : ICommand<Result<long>>;

public sealed class ReverseLoyaltyForReturnValidator : AbstractValidator<ReverseLoyaltyForReturn>
{
    public ReverseLoyaltyForReturnValidator()
    {
        RuleFor(x => x.ReturnId).NotEmpty().MaximumLength(60).OverridePropertyName("returnId");
        RuleFor(x => x.ReturnedMinor).GreaterThan(0).OverridePropertyName("returnedMinor");
    }
}

public sealed class ReverseLoyaltyForReturnHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<ReverseLoyaltyForReturn, Result<long>>
{
    public async ValueTask<Result<long>> Handle(ReverseLoyaltyForReturn command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await HoldSql.LockOrderAsync(db, command.OrderId, ct)) return Error.NotFound(Messages.NotFound_Order);
        var taken = await ReverseLoyalty.ForReturnAsync(db, command.OrderId, command.ReturnId, command.ReturnedMinor, clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return taken;
    }
}

public static class ReverseLoyalty
{
    /// <summary>
    /// Takes back floor(earned × returned ÷ paid) points for one return, keyed by its id; returns the points taken.
    /// Call inside the return's transaction, with the order locked. Nothing when the order earned nothing.
    /// </summary>
    public static async Task<long> ForReturnAsync(IAppDbContext db, Guid orderId, string returnId, long returnedMinor, DateTimeOffset now, CancellationToken ct)
    {
        var earned = await db.Database.SqlQuery<EarnedRow>($"""
            SELECT e.user_id, e.points, COALESCE(e.amount_minor, 0) AS paid
            FROM orders o JOIN loyalty_entries e
                ON e.user_id = o.user_id AND e.kind = {nameof(LoyaltyKind.Earned)} AND e.cause_key = {orderId.ToString()}
            WHERE o.id = {orderId}
            """).SingleOrDefaultAsync(ct);
        if (earned is null || earned.Paid <= 0) return 0;
        var points = earned.Points * Math.Min(returnedMinor, earned.Paid) / earned.Paid;
        if (points == 0) return 0;
        return await LoyaltySql.TakeUpToAsync(db, new LoyaltyChange(earned.UserId, LoyaltyKind.ReturnReversal, returnId, points, orderId, null, now)
        {
            AmountMinor = returnedMinor,
        }, ct);
    }

    private sealed record EarnedRow(string UserId, long Points, long Paid);
}

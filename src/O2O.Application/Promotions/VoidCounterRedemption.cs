using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Admin;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Application.Staff;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>
/// The till's sale was voided: its use of the code comes back (ADR 54). Voiding twice answers the same; an online order's
/// use is not the till's to give back (the order's life cycle does it), so it is refused.
/// </summary>
public sealed record VoidCounterRedemption(Guid StoreId, Guid RedemptionId, Actor Actor) : ICommand<Result<CounterRedemptionState>>;

/// <summary>A redemption as it stands now: <see cref="VoidedAt"/> (store clock) once the sale was voided.</summary>
public sealed record CounterRedemptionState(CounterRedemption Redemption, string Channel, DateTimeOffset? VoidedAt, string? VoidReason)
{
    public bool Voided => VoidedAt is not null;
}

public sealed class VoidCounterRedemptionHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<VoidCounterRedemption, Result<CounterRedemptionState>>
{
    public const string Reason = "voided";

    public async ValueTask<Result<CounterRedemptionState>> Handle(VoidCounterRedemption command, CancellationToken ct)
    {
        if (!await StaffScope.CoversAsync(db, command.Actor, command.StoreId, ct)) return Error.NotFound(Messages.NotFound_Store);
        var found = await db.PromoRedemptions.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == command.RedemptionId && r.StoreId == command.StoreId, ct);
        if (found is null) return Error.NotFound(Messages.Counter_NotFound);
        if (found.Channel != RedemptionChannel.Counter)
            return new Error(ErrorKind.Conflict, "redemption_is_online", Messages.Counter_OnlineNotVoidable);

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Guarded by released_at IS NULL: of two voids at once, one gives the use back and the other finds it given.
        var released = await PromoSql.RunAsync(db, PromoSql.ReleaseRedemption, [command.RedemptionId, now.ToUniversalTime(), Reason], ct);
        if (released[0] == 1)
        {
            db.AuditEntries.Add(new AuditEntry(now, command.Actor.Name, "promo.counter_void", "PromoRedemption", found.Id.ToString(), null,
                new { found.StoreId, found.ExternalReference, Discount = new { amount = found.DiscountMinor, currency = found.Currency } }));
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (await GetCounterRedemptionHandler.ReadAsync(db, command.StoreId, command.RedemptionId, ct))!;
    }
}

/// <summary>One redemption of a store, for the point of sale that made it (or the desk). Null when not found or not the caller's store.</summary>
public sealed record GetCounterRedemption(Guid StoreId, Guid RedemptionId, Actor Actor) : IQuery<CounterRedemptionState?>;

public sealed class GetCounterRedemptionHandler(IAppDbContext db) : IQueryHandler<GetCounterRedemption, CounterRedemptionState?>
{
    public async ValueTask<CounterRedemptionState?> Handle(GetCounterRedemption query, CancellationToken ct) =>
        await StaffScope.CoversAsync(db, query.Actor, query.StoreId, ct) ? await ReadAsync(db, query.StoreId, query.RedemptionId, ct) : null;

    internal static async Task<CounterRedemptionState?> ReadAsync(IAppDbContext db, Guid storeId, Guid redemptionId, CancellationToken ct)
    {
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == storeId, ct);
        if (store is null) return null;
        var row = await (
                from r in db.PromoRedemptions.AsNoTracking()
                where r.Id == redemptionId && r.StoreId == storeId
                join c in db.PromoCodes on r.CodeId equals c.Id
                join p in db.Promotions on r.PromotionId equals p.Id
                select new { Redemption = r, c.Code, p.Name })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : State(row.Redemption, row.Code, row.Name, store);
    }

    internal static CounterRedemptionState State(PromoRedemption r, string code, string promotionName, Domain.Stores.Store store) =>
        new(CounterRedemptions.From(r, code, promotionName, store), r.Channel == RedemptionChannel.Counter ? "counter" : "online",
            r.ReleasedAt is { } at ? Formats.InZone(at, store.TimeZone) : null, r.ReleasedReason);
}

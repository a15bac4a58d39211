using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Orders;
using O2O.Application.Localization;

namespace O2O.Application.Staff;

/// <summary>
/// Finds an order at the desk by its number or its pickup code (typed, or read from the QR code). A look-up that
/// matches nothing is counted, per staff account and store, like wrong codes at collection: after
/// <see cref="FindOrderForHandoverHandler.MaxFailedLookups"/> of them within <see cref="FindOrderForHandoverHandler.Window"/>,
/// that account's look-ups at that store are refused for <see cref="FindOrderForHandoverHandler.Lockout"/>. Without
/// it, the desk's search would be an oracle for every live pickup code of the store at once.
/// </summary>
public sealed record FindOrderForHandover(Guid StoreId, string Query, Actor Actor) : ICommand<Result<Guid>>;

public sealed class FindOrderForHandoverHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<FindOrderForHandover, Result<Guid>>
{
    public const int MaxFailedLookups = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    public async ValueTask<Result<Guid>> Handle(FindOrderForHandover command, CancellationToken ct)
    {
        if (command.Actor.UserId is not { } userId || !await StaffScope.CoversAsync(db, command.Actor, command.StoreId, ct) ||
            !await db.Stores.AnyAsync(s => s.Id == command.StoreId, ct))
            return Error.NotFound(Messages.NotFound_Store);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        // The upsert locks this account's counter at this store until commit, so parallel look-ups are counted one by one;
        // a window that has run out starts again from zero.
        var lockedUntil = (await db.Database.SqlQuery<DateTimeOffset?>($"""
            INSERT INTO desk_lookup_attempts AS a (store_id, user_id, failures, window_started_at)
            VALUES ({command.StoreId}, {userId}, 0, {now})
            ON CONFLICT (store_id, user_id) DO UPDATE SET
                failures = CASE WHEN a.window_started_at <= {now - Window} THEN 0 ELSE a.failures END,
                window_started_at = CASE WHEN a.window_started_at <= {now - Window} THEN {now} ELSE a.window_started_at END
            RETURNING a.locked_until AS "Value"
            """).ToListAsync(ct)).Single();
        if (lockedUntil > now)
        {
            var minutes = (int)Math.Ceiling((lockedUntil.Value - now).TotalMinutes);
            return new Error(ErrorKind.Locked, "lookup_locked",
                Plural.Format(Messages.ResourceManager, nameof(Messages.Staff_LookupLocked_other), minutes));
        }

        var text = command.Query.Trim().ToUpperInvariant();
        var match = text.Length is 0 or > 20
            ? null
            : await db.Orders.AsNoTracking()
                .Where(o => o.StoreId == command.StoreId && (o.Number == text || (o.PickupCode == text && o.Status != OrderStatus.Collected)))
                .OrderByDescending(o => o.CreatedAt)
                .Select(o => new { o.Id, ByCode = o.PickupCode == text })
                .FirstOrDefaultAsync(ct);

        if (match is null)
            await db.Database.ExecuteSqlAsync($"""
                UPDATE desk_lookup_attempts SET
                    failures = CASE WHEN failures + 1 >= {MaxFailedLookups} THEN 0 ELSE failures + 1 END,
                    locked_until = CASE WHEN failures + 1 >= {MaxFailedLookups} THEN {now + Lockout} ELSE locked_until END,
                    window_started_at = CASE WHEN failures + 1 >= {MaxFailedLookups} THEN {now} ELSE window_started_at END
                WHERE store_id = {command.StoreId} AND user_id = {userId}
                """, ct);
        else if (match.ByCode)
            // A real code was typed: the shopper is at the desk, and the guesses before it were typos.
            await db.Database.ExecuteSqlAsync($"UPDATE desk_lookup_attempts SET failures = 0 WHERE store_id = {command.StoreId} AND user_id = {userId}", ct);
        await tx.CommitAsync(ct);

        return match is null ? new Error(ErrorKind.NotFound, "no_matching_order", Messages.Staff_NoMatchingOrder) : match.Id;
    }
}

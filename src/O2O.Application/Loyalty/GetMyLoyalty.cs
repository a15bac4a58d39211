using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Loyalty;

/// <summary>A member's balance and one page of their ledger, newest first.</summary>
public sealed record GetMyLoyalty(string UserId, int Page = 1) : IQuery<MyLoyalty>
{
    public const int PageSize = 20;
}

/// <summary>
/// <see cref="LoyaltyEntryView.At"/> is on the clock of the order's store, with its offset (an account has no store of
/// its own); an entry with no order (an adjustment, an expiry) is in UTC. Entries of 0 points (an expiry that found
/// nothing left, kept for its key) are not shown.
/// </summary>
public sealed record MyLoyalty(long Balance, IReadOnlyList<LoyaltyEntryView> Entries, int Page, int PageSize, int Total);

public sealed record LoyaltyEntryView(Guid Id, string Kind, long Points, DateTimeOffset At, Guid? OrderId, string? OrderNumber, string? Reason);

public sealed class GetMyLoyaltyHandler(IAppDbContext db) : IQueryHandler<GetMyLoyalty, MyLoyalty>
{
    public async ValueTask<MyLoyalty> Handle(GetMyLoyalty query, CancellationToken ct)
    {
        var page = Math.Max(1, query.Page);
        var balance = await db.Database.SqlQuery<long>($"""
            SELECT balance AS "Value" FROM loyalty_accounts WHERE user_id = {query.UserId}
            """).SingleOrDefaultAsync(ct);
        var total = await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM loyalty_entries WHERE user_id = {query.UserId} AND points <> 0
            """).SingleAsync(ct);
        var rows = await db.Database.SqlQuery<EntryRow>($"""
            SELECT e.id, e.kind, e.points, e.created_at AS at, e.order_id, o.number AS order_number, e.reason, s.time_zone_id
            FROM loyalty_entries e
            LEFT JOIN orders o ON o.id = e.order_id
            LEFT JOIN stores s ON s.id = o.store_id
            WHERE e.user_id = {query.UserId} AND e.points <> 0
            ORDER BY e.created_at DESC, e.id DESC
            OFFSET {(page - 1) * GetMyLoyalty.PageSize} LIMIT {GetMyLoyalty.PageSize}
            """).ToListAsync(ct);
        return new MyLoyalty(balance, rows.Select(r => new LoyaltyEntryView(r.Id, r.Kind, r.Points,
                r.TimeZoneId is null ? r.At.ToUniversalTime() : TimeZoneInfo.ConvertTime(r.At, TimeZoneInfo.FindSystemTimeZoneById(r.TimeZoneId)),
                r.OrderId, r.OrderNumber, r.Reason)).ToList(),
            page, GetMyLoyalty.PageSize, total);
    }

    private sealed record EntryRow(Guid Id, string Kind, long Points, DateTimeOffset At, Guid? OrderId, string? OrderNumber, string? Reason, string? TimeZoneId);
}

/// <summary>The balance of the member who placed an order, for the clerk at the hand-over; null for a guest's order.</summary>
public sealed record GetMemberBalance(Guid OrderId) : IQuery<long?>;

public sealed class GetMemberBalanceHandler(IAppDbContext db) : IQueryHandler<GetMemberBalance, long?>
{
    public async ValueTask<long?> Handle(GetMemberBalance query, CancellationToken ct) =>
        (await db.Database.SqlQuery<MemberRow>($"""
            SELECT o.user_id, COALESCE(a.balance, 0) AS balance
            FROM orders o LEFT JOIN loyalty_accounts a ON a.user_id = o.user_id
            WHERE o.id = {query.OrderId}
            """).SingleOrDefaultAsync(ct)) is { UserId: not null } member ? member.Balance : null;

    private sealed record MemberRow(string? UserId, long Balance);
}

/// <summary>
/// What the checkout offers a signed-in shopper: their balance, and the most points (and what they are worth) that
/// may pay part of goods worth <see cref="GoodsMinor"/>. Null when the programme is off.
/// </summary>
public sealed record GetCheckoutLoyalty(string UserId, long GoodsMinor, string Currency) : IQuery<CheckoutLoyalty?>;

public sealed record CheckoutLoyalty(long Balance, long MaxPoints, Common.MoneyDto MaxValue);

public sealed class GetCheckoutLoyaltyHandler(IAppDbContext db) : IQueryHandler<GetCheckoutLoyalty, CheckoutLoyalty?>
{
    public async ValueTask<CheckoutLoyalty?> Handle(GetCheckoutLoyalty query, CancellationToken ct)
    {
        var program = await LoyaltyProgram.ReadAsync(db, ct);
        if (!program.Enabled) return null;
        var balance = await db.Database.SqlQuery<long>($"SELECT balance AS \"Value\" FROM loyalty_accounts WHERE user_id = {query.UserId}").SingleOrDefaultAsync(ct);
        var step = program.PointsStep(query.Currency);
        var usable = Math.Min(balance - balance % step, program.MaxPoints(query.GoodsMinor, query.Currency));
        return new CheckoutLoyalty(balance, usable, new Common.MoneyDto(program.ValueOf(usable, query.Currency) ?? 0, query.Currency));
    }
}

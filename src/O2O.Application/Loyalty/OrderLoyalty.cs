using System.Globalization;
using O2O.Application.Abstractions;
using O2O.Domain.Orders;

namespace O2O.Application.Loyalty;

/// <summary>
/// What an order does to its shopper's points, each move keyed so that it happens once (ADR 48): spent when placed,
/// given back when it expires, is cancelled or is not collected, partly given back by a short pick, earned when
/// collected. Called inside the order's own transaction, after its row lock and stock, so the account row comes last.
/// </summary>
public static class OrderLoyalty
{
    /// <summary>
    /// An order can hold points twice: once when placed, and again when a payment arrives after its hold expired and
    /// everything is held again. Each holding has its own keys, so the second spend is not taken for a replay of the first.
    /// </summary>
    private static string HoldingKey(Order order) =>
        order.Status != OrderStatus.Expired && order.History.Any(h => h.Status == OrderStatus.Expired)
            ? order.Id.ToString() + ":2"
            : order.Id.ToString();

    /// <summary>The spend of a new order, sent in the checkout's one batch (null when it spends none).</summary>
    internal static LoyaltyChange? Spend(Order order) =>
        order.UserId is null || order.LoyaltyPoints == 0 ? null
            : new LoyaltyChange(order.UserId, LoyaltyKind.Spent, HoldingKey(order), -order.LoyaltyPoints, order.Id, null, order.CreatedAt)
            {
                AmountMinor = order.LoyaltyDiscountAmount,
            };

    /// <summary>A late payment held everything again: the points are spent again, or the order cannot be reinstated.</summary>
    public static async Task<bool> SpendAgainAsync(IAppDbContext db, Order order, DateTimeOffset now, CancellationToken ct)
    {
        if (order.UserId is null || order.LoyaltyPoints == 0) return true;
        var spend = new LoyaltyChange(order.UserId, LoyaltyKind.Spent, order.Id.ToString() + ":2", -order.LoyaltyPoints, order.Id, null, now)
        {
            AmountMinor = order.LoyaltyDiscountAmount,
        };
        return await LoyaltySql.ApplyAsync(db, spend, ct) != LoyaltyOutcome.Insufficient;
    }

    /// <summary>The order let go of everything it held: its points come back.</summary>
    public static async Task GiveBackAsync(IAppDbContext db, Order order, DateTimeOffset now, CancellationToken ct)
    {
        if (order.UserId is null || order.LoyaltyPoints == 0) return;
        await LoyaltySql.ApplyAsync(db, new LoyaltyChange(order.UserId, LoyaltyKind.GivenBack, HoldingKey(order), order.LoyaltyPoints, order.Id, null, now)
        {
            AmountMinor = order.LoyaltyDiscountAmount,
        }, ct);
    }

    /// <summary>A short pick freed part of the points (<see cref="Order.LastShortPickPointsFreed"/>); keyed by the line's short count.</summary>
    public static async Task GiveBackShortPickAsync(IAppDbContext db, Order order, Guid lineId, DateTimeOffset now, CancellationToken ct)
    {
        if (order.UserId is null || order.LastShortPickPointsFreed == 0) return;
        var line = order.Lines.First(l => l.Id == lineId);
        await LoyaltySql.ApplyAsync(db, new LoyaltyChange(order.UserId, LoyaltyKind.ShortPick,
            lineId.ToString() + ":" + line.ShortQuantity.ToString(CultureInfo.InvariantCulture), order.LastShortPickPointsFreed, order.Id, null, now), ct);
    }

    /// <summary>
    /// A return freed its share of the points the order spent (<see cref="Order.LastReturnPointsFreed"/>); keyed by the
    /// return, so a replayed return gives nothing back twice.
    /// </summary>
    public static async Task GiveBackReturnAsync(IAppDbContext db, Order order, OrderReturn taken, DateTimeOffset now, CancellationToken ct)
    {
        if (order.UserId is null || order.LastReturnPointsFreed == 0) return;
        await LoyaltySql.ApplyAsync(db, new LoyaltyChange(order.UserId, LoyaltyKind.ReturnGivenBack, taken.Id.ToString(), order.LastReturnPointsFreed, order.Id, null, now)
        {
            AmountMinor = taken.RefundAmount,
        }, ct);
    }

    /// <summary>The hand-over: points on what was actually paid (after short picks and the points discount), once per order.</summary>
    public static async Task EarnAsync(IAppDbContext db, Order order, DateTimeOffset now, CancellationToken ct)
    {
        if (order.UserId is null) return;
        var program = await LoyaltyProgram.ReadAsync(db, ct);
        var points = program.PointsEarned(order.TotalAmount, order.Currency);
        if (points == 0) return;
        await LoyaltySql.ApplyAsync(db, new LoyaltyChange(order.UserId, LoyaltyKind.Earned, order.Id.ToString(), points, order.Id, null, now)
        {
            AmountMinor = order.TotalAmount,
        }, ct);
    }
}

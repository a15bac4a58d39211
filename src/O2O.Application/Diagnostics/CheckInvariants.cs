using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Domain.Orders;

namespace O2O.Application.Diagnostics;

/// <summary>
/// Checks what the checkout promises, straight from the tables:
/// for every (store, product), reserved equals the units held by live orders; for every slot, the booked places
/// equal the orders holding a place in it (live or collected); for every collect-now quarter hour, the same for the
/// collect-now orders it is booked by; no line comes back beyond what was collected, each line's returned count is its
/// return lines' sum, every restocked unit went to a stock row of the store that took it back, and each return is refunded
/// by exactly one live command for exactly its lines' amount; each loyalty balance equals the sum of its ledger, and
/// the points a member has spent (less those given back) equal what their live and collected orders hold (less the
/// share their returns gave back)
/// (store id empty, key the user id); every promotion's, code's and customer's count of uses equals the live uses
/// (orders and counter sales) that carry it, and no live use sits on an expired, cancelled or no-show order; a live or
/// collected order with a code holds one live use of it, and its lines' discounts add up to its own.
/// Returns every row that disagrees.
/// </summary>
public sealed record CheckInvariants : IQuery<InvariantReport>;

public sealed record InvariantViolation(string Kind, Guid StoreId, string Key, long Recorded, long Expected);

public sealed record InvariantReport(bool Ok, int StockRowsChecked, int SlotsChecked, IReadOnlyList<InvariantViolation> Violations);

public sealed class CheckInvariantsHandler(IAppDbContext db) : IQueryHandler<CheckInvariants, InvariantReport>
{
    /// <summary>The ledger entries that move points between a balance and an order: what they add up to, the orders hold.</summary>
    private static readonly string[] SpendKinds = [nameof(Loyalty.LoyaltyKind.Spent), nameof(Loyalty.LoyaltyKind.GivenBack), nameof(Loyalty.LoyaltyKind.ShortPick),
        nameof(Loyalty.LoyaltyKind.ReturnGivenBack)];

    public async ValueTask<InvariantReport> Handle(CheckInvariants query, CancellationToken ct)
    {
        var live = OrderStatusRules.Live.Names();
        var holdingPlaces = OrderStatusRules.HoldsSlotPlace.Names();
        var collected = nameof(OrderStatus.Collected);
        var superseded = nameof(Domain.Payments.PaymentCommandStatus.Superseded);
        var violations = await db.Database.SqlQuery<InvariantViolation>($"""
            WITH holds AS (
                SELECT o.store_id, l.product_id, SUM(l.quantity - l.short_quantity) AS held
                FROM orders o JOIN order_lines l ON l.order_id = o.id
                WHERE o.status = ANY({live})
                GROUP BY o.store_id, l.product_id
            ), places AS (
                SELECT store_id, slot_start, COUNT(*) AS taken
                FROM orders
                WHERE status = ANY({holdingPlaces}) AND collect_now_window IS NULL
                GROUP BY store_id, slot_start
            ), collect_now AS (
                SELECT store_id, collect_now_window AS window_start, COUNT(*) AS taken
                FROM orders
                WHERE status = ANY({holdingPlaces}) AND collect_now_window IS NOT NULL
                GROUP BY store_id, collect_now_window
            )
            SELECT 'stock.reserved' AS kind, COALESCE(s.store_id, h.store_id) AS store_id,
                   COALESCE(s.product_id, h.product_id)::text AS key,
                   COALESCE(s.reserved, 0)::bigint AS recorded, COALESCE(h.held, 0)::bigint AS expected
            FROM store_stock s FULL JOIN holds h ON h.store_id = s.store_id AND h.product_id = s.product_id
            WHERE COALESCE(s.reserved, 0) <> COALESCE(h.held, 0)
            UNION ALL
            SELECT 'stock.oversold', store_id, product_id::text, reserved, on_hand
            FROM store_stock WHERE reserved > on_hand OR on_hand < 0
            UNION ALL
            SELECT 'slot.booked', COALESCE(b.store_id, p.store_id), to_char(COALESCE(b.slot_start, p.slot_start) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"'),
                   COALESCE(b.booked, 0)::bigint, COALESCE(p.taken, 0)::bigint
            FROM pickup_slot_bookings b FULL JOIN places p ON p.store_id = b.store_id AND p.slot_start = b.slot_start
            WHERE COALESCE(b.booked, 0) <> COALESCE(p.taken, 0)
            UNION ALL
            SELECT 'slot.overbooked', store_id, to_char(slot_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"'), booked, capacity
            FROM pickup_slot_bookings WHERE booked > capacity
            UNION ALL
            SELECT 'return.beyond_collected', o.store_id, l.id::text, l.returned_quantity, l.quantity - l.short_quantity
            FROM order_lines l JOIN orders o ON o.id = l.order_id
            WHERE l.returned_quantity > l.quantity - l.short_quantity
               OR (l.returned_quantity > 0 AND o.status <> {collected})
            UNION ALL
            SELECT 'return.lines', o.store_id, l.id::text, l.returned_quantity, COALESCE(r.units, 0)
            FROM order_lines l JOIN orders o ON o.id = l.order_id
            LEFT JOIN (SELECT order_line_id, SUM(quantity) AS units FROM return_lines GROUP BY order_line_id) r ON r.order_line_id = l.id
            WHERE l.returned_quantity <> COALESCE(r.units, 0)
            UNION ALL
            SELECT 'return.restock', r.store_id, rl.product_id::text, SUM(rl.quantity)::bigint, 0
            FROM return_lines rl JOIN returns r ON r.id = rl.return_id
            LEFT JOIN store_stock s ON s.store_id = r.store_id AND s.product_id = rl.product_id
            WHERE rl.restock AND s.product_id IS NULL
            GROUP BY r.store_id, rl.product_id
            UNION ALL
            SELECT 'return.refund', r.order_id, r.id::text, r.refund_amount, COALESCE(SUM(rl.amount), 0)
            FROM returns r LEFT JOIN return_lines rl ON rl.return_id = r.id
            GROUP BY r.id, r.order_id, r.refund_amount
            HAVING r.refund_amount <> COALESCE(SUM(rl.amount), 0)
               OR (SELECT COUNT(*) FROM payment_commands c WHERE c.return_id = r.id AND c.status <> {superseded}) > 1
            UNION ALL
            SELECT 'collect_now.booked', COALESCE(b.store_id, c.store_id), to_char(COALESCE(b.window_start, c.window_start) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"'),
                   COALESCE(b.booked, 0)::bigint, COALESCE(c.taken, 0)::bigint
            FROM collect_now_bookings b FULL JOIN collect_now c ON c.store_id = b.store_id AND c.window_start = b.window_start
            WHERE COALESCE(b.booked, 0) <> COALESCE(c.taken, 0)
            UNION ALL
            SELECT 'collect_now.overbooked', store_id, to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"'), booked, capacity
            FROM collect_now_bookings WHERE booked > capacity
            UNION ALL
            SELECT 'loyalty.balance', '00000000-0000-0000-0000-000000000000'::uuid, a.user_id, a.balance, COALESCE(SUM(e.points), 0)::bigint
            FROM loyalty_accounts a LEFT JOIN loyalty_entries e ON e.user_id = a.user_id
            GROUP BY a.user_id, a.balance
            HAVING a.balance <> COALESCE(SUM(e.points), 0)
            UNION ALL
            SELECT 'loyalty.spent', '00000000-0000-0000-0000-000000000000'::uuid, COALESCE(l.user_id, h.user_id),
                   COALESCE(l.spent, 0)::bigint, COALESCE(h.held, 0)::bigint
            FROM (SELECT user_id, -SUM(points) AS spent FROM loyalty_entries WHERE kind = ANY({SpendKinds}) GROUP BY user_id) l
            FULL JOIN (SELECT o.user_id,
                              -- less the share its returns gave back, counted as Order.PointsReturned counts it: on what the
                              -- promotion left of the goods returned (each line's promotion share floor(discount × returned ÷ held)),
                              -- over what the promotion left of the order (total + points discount)
                              SUM(o.loyalty_points - div(o.loyalty_points::numeric * COALESCE(r.goods, 0), o.total_amount + o.loyalty_discount_amount)) AS held
                       FROM orders o
                       LEFT JOIN (SELECT order_id, SUM(returned_quantity::numeric * unit_price_amount
                                      - CASE WHEN returned_quantity = 0 THEN 0
                                             ELSE div(promo_discount_amount::numeric * returned_quantity, quantity - short_quantity) END) AS goods
                                  FROM order_lines GROUP BY order_id) r ON r.order_id = o.id
                       WHERE o.status = ANY({holdingPlaces}) AND o.loyalty_points > 0 GROUP BY o.user_id) h ON h.user_id = l.user_id
            WHERE COALESCE(l.spent, 0) <> COALESCE(h.held, 0)
            UNION ALL
            -- Code uses (ADR 51): every counter equals the live uses that carry it, and no live use is on a dead order.
            SELECT 'promo.uses', '00000000-0000-0000-0000-000000000000'::uuid, p.id::text, p.uses::bigint, COUNT(r.id)::bigint
            FROM promotions p LEFT JOIN promo_redemptions r ON r.promotion_id = p.id AND r.released_at IS NULL
            GROUP BY p.id, p.uses HAVING p.uses <> COUNT(r.id)
            UNION ALL
            SELECT 'promo.code_uses', '00000000-0000-0000-0000-000000000000'::uuid, c.code, c.uses::bigint, COUNT(r.id)::bigint
            FROM promo_codes c LEFT JOIN promo_redemptions r ON r.code_id = c.id AND r.released_at IS NULL
            GROUP BY c.id, c.code, c.uses HAVING c.uses <> COUNT(r.id)
            UNION ALL
            SELECT 'promo.customer_uses', '00000000-0000-0000-0000-000000000000'::uuid, u.promotion_id || ' ' || u.customer_key, u.uses::bigint, COUNT(r.id)::bigint
            FROM promo_customer_uses u
            LEFT JOIN promo_redemptions r ON r.promotion_id = u.promotion_id AND u.customer_key = ANY (r.customer_keys) AND r.released_at IS NULL
            GROUP BY u.promotion_id, u.customer_key, u.uses HAVING u.uses <> COUNT(r.id)
            UNION ALL
            SELECT 'promo.use_on_dead_order', o.store_id, o.number, 1, 0
            FROM promo_redemptions r JOIN orders o ON o.id = r.order_id
            WHERE r.released_at IS NULL AND NOT (o.status = ANY({holdingPlaces}))
            UNION ALL
            -- An order online (ADR 52): a live or collected order with a code holds exactly one live use of it, and its
            -- lines' shares of the discount add up to the order's.
            SELECT 'promo.order_use', o.store_id, o.number, COUNT(r.id)::bigint, 1
            FROM orders o LEFT JOIN promo_redemptions r ON r.order_id = o.id AND r.released_at IS NULL AND r.code_id = o.promo_code_id
            WHERE o.promo_code_id IS NOT NULL AND o.status = ANY({holdingPlaces})
            GROUP BY o.id, o.store_id, o.number HAVING COUNT(r.id) <> 1
            UNION ALL
            SELECT 'promo.order_lines', o.store_id, o.number, o.promo_discount_amount, SUM(l.promo_discount_amount)::bigint
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.promo_code_id IS NOT NULL
            GROUP BY o.id, o.store_id, o.number, o.promo_discount_amount HAVING o.promo_discount_amount <> SUM(l.promo_discount_amount)
            """).ToListAsync(ct);
        var stockRows = await db.Stock.CountAsync(ct);
        var slots = await db.Database.SqlQuery<int>($"SELECT COUNT(*)::int AS \"Value\" FROM pickup_slot_bookings").SingleAsync(ct);
        return new InvariantReport(violations.Count == 0, stockRows, slots, violations);
    }
}

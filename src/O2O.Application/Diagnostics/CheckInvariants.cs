using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Domain.Orders;

namespace O2O.Application.Diagnostics;

/// <summary>
/// Checks what the checkout promises, straight from the tables:
/// for every (store, product), reserved equals the units held by live orders; for every slot, the booked places
/// equal the orders holding a place in it (live or collected); for every collect-now quarter hour, the same for the
/// collect-now orders it is booked by. Returns every row that disagrees.
/// </summary>
public sealed record CheckInvariants : IQuery<InvariantReport>;

public sealed record InvariantViolation(string Kind, Guid StoreId, string Key, long Recorded, long Expected);

public sealed record InvariantReport(bool Ok, int StockRowsChecked, int SlotsChecked, IReadOnlyList<InvariantViolation> Violations);

public sealed class CheckInvariantsHandler(IAppDbContext db) : IQueryHandler<CheckInvariants, InvariantReport>
{
    public async ValueTask<InvariantReport> Handle(CheckInvariants query, CancellationToken ct)
    {
        var live = OrderStatusRules.Live.Names();
        var holdingPlaces = OrderStatusRules.HoldsSlotPlace.Names();
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
            SELECT 'collect_now.booked', COALESCE(b.store_id, c.store_id), to_char(COALESCE(b.window_start, c.window_start) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"'),
                   COALESCE(b.booked, 0)::bigint, COALESCE(c.taken, 0)::bigint
            FROM collect_now_bookings b FULL JOIN collect_now c ON c.store_id = b.store_id AND c.window_start = b.window_start
            WHERE COALESCE(b.booked, 0) <> COALESCE(c.taken, 0)
            UNION ALL
            SELECT 'collect_now.overbooked', store_id, to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"'), booked, capacity
            FROM collect_now_bookings WHERE booked > capacity
            """).ToListAsync(ct);
        var stockRows = await db.Stock.CountAsync(ct);
        var slots = await db.Database.SqlQuery<int>($"SELECT COUNT(*)::int AS \"Value\" FROM pickup_slot_bookings").SingleAsync(ct);
        return new InvariantReport(violations.Count == 0, stockRows, slots, violations);
    }
}

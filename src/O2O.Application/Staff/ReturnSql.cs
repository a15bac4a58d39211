using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Staff;

/// <summary>
/// The two statements of a counter return (ADR 47). Call them inside the return's transaction, after the order's row
/// lock; the restock then locks the return store's stock rows in product-id order, as checkout and hand-over do.
/// </summary>
public static class ReturnSql
{
    /// <summary>
    /// Raises each line's returned quantity, only where it stays within what was collected. Returns the number of lines
    /// raised: fewer than asked means some line would go beyond, and the caller rolls the whole return back. The CHECK
    /// <c>ck_order_lines_returned_within_collected</c> holds the same rule for any other writer.
    /// </summary>
    public static Task<int> TakeBackAsync(IAppDbContext db, Guid orderId, Guid[] lineIds, int[] quantities, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE order_lines AS l
            SET returned_quantity = l.returned_quantity + r.quantity
            FROM unnest({lineIds}, {quantities}) AS r(line_id, quantity)
            WHERE l.id = r.line_id AND l.order_id = {orderId} AND r.quantity > 0
              AND l.returned_quantity + r.quantity <= l.quantity - l.short_quantity
            """, ct);

    /// <summary>
    /// Restocked units go back on hand at the store that took them back, creating its stock row when it never sold the
    /// product; rows are written in product-id order. Reserved is untouched: nobody holds a returned unit yet.
    /// </summary>
    public static Task<int> RestockAsync(IAppDbContext db, Guid storeId, Guid[] productIds, int[] quantities, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO store_stock AS s (store_id, product_id, on_hand, reserved)
            SELECT {storeId}, i.product_id, i.quantity, 0
            FROM unnest({productIds}, {quantities}) AS i(product_id, quantity)
            ORDER BY i.product_id
            ON CONFLICT (store_id, product_id) DO UPDATE SET on_hand = s.on_hand + excluded.on_hand
            """, ct);
}

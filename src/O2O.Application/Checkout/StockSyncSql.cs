using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Checkout;

/// <summary>
/// The stock sync's statements: a whole batch in two, each locking rows in (store id, product id) order. Checkout
/// locks the rows of one store in product-id order (<c>PlaceOrderSql</c>, <c>HoldSql</c>) and never rows of two
/// stores, so the two orders agree and a sync cannot deadlock with checkouts, nor two syncs with each other.
/// Call these inside the caller's transaction.
/// </summary>
internal static class StockSyncSql
{
    public sealed record LockedRow(Guid StoreId, Guid ProductId, int Reserved);

    public sealed record AppliedRow(Guid StoreId, Guid ProductId);

    /// <summary>Locks the rows that exist among these (store, product) pairs, and reads what live orders hold on each.</summary>
    public static Task<List<LockedRow>> LockAsync(IAppDbContext db, Guid[] storeIds, Guid[] productIds, CancellationToken ct) =>
        db.Database.SqlQuery<LockedRow>($"""
            SELECT s.store_id, s.product_id, s.reserved
            FROM store_stock AS s
            JOIN unnest({storeIds}, {productIds}) AS k(store_id, product_id)
                ON s.store_id = k.store_id AND s.product_id = k.product_id
            ORDER BY s.store_id, s.product_id
            FOR UPDATE OF s
            """).ToListAsync(ct);

    /// <summary>
    /// Sets on hand for each distinct (store, product) pair, creating missing rows (inserted in the same order, so
    /// two syncs creating the same rows wait for each other instead of deadlocking). Reserved is never written, and
    /// the guard refuses a count below it. Returns the pairs that were written.
    /// </summary>
    public static Task<List<AppliedRow>> SetOnHandAsync(IAppDbContext db, Guid[] storeIds, Guid[] productIds, int[] onHand, CancellationToken ct) =>
        db.Database.SqlQuery<AppliedRow>($"""
            INSERT INTO store_stock AS s (store_id, product_id, on_hand, reserved)
            SELECT i.store_id, i.product_id, i.on_hand, 0
            FROM unnest({storeIds}, {productIds}, {onHand}) AS i(store_id, product_id, on_hand)
            ORDER BY i.store_id, i.product_id
            ON CONFLICT (store_id, product_id) DO UPDATE SET on_hand = excluded.on_hand
            WHERE s.reserved <= excluded.on_hand
            RETURNING s.store_id, s.product_id
            """).ToListAsync(ct);
}

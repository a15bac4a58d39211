using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using O2O.Application.Abstractions;
using O2O.Domain.Orders;

namespace O2O.Application.Checkout;

/// <summary>
/// The one home of the SQL that holds, releases and consumes stock and slot places: each statement is written once
/// here (checkout's batch in <see cref="PlaceOrderSql"/> sends the same constants; counts from the back office and
/// POS syncs are set by <see cref="StockSyncSql"/>, beside it). Every statement is guarded, so the
/// affected-row count decides, and stock rows are always locked in product-id order so concurrent writers cannot
/// deadlock. Call these inside the caller's transaction.
/// </summary>
public static class HoldSql
{
    public sealed record LineAvailability(Guid ProductId, int Available);

    /// <summary>Locks the stock rows of these products at the store, in id order, and reports what is free.</summary>
    public static Task<List<LineAvailability>> LockStockAsync(IAppDbContext db, Guid storeId, Guid[] productIds, CancellationToken ct) =>
        db.Database.SqlQuery<LineAvailability>($"""
            SELECT product_id, on_hand - reserved AS available
            FROM store_stock
            WHERE store_id = {storeId} AND product_id = ANY({productIds})
            ORDER BY product_id
            FOR UPDATE
            """).ToListAsync(ct);

    /// <summary>
    /// reserved += quantity ($1 store, $2 product ids, $3 quantities) only where enough is free; returns a row per line
    /// held. The one statement for it: checkout sends it in its batch (<see cref="PlaceOrderSql"/>), a late payment here.
    /// </summary>
    internal const string HoldStock = """
        UPDATE store_stock AS s
        SET reserved = s.reserved + l.quantity
        FROM unnest($2::uuid[], $3::int[]) AS l(product_id, quantity)
        WHERE s.store_id = $1 AND s.product_id = l.product_id AND s.on_hand - s.reserved >= l.quantity
        RETURNING s.product_id
        """;

    /// <summary><see cref="HoldStock"/>: returns the number of lines held. Lock with <see cref="LockStockAsync"/> first.</summary>
    public static Task<int> HoldStockAsync(IAppDbContext db, Guid storeId, Guid[] productIds, int[] quantities, CancellationToken ct) =>
        RowsAsync(db, HoldStock, [storeId, productIds, quantities], ct);

    /// <summary>Gives held units back (expiry, cancellation, no-show). Lock with <see cref="LockStockAsync"/> first.</summary>
    public static Task<int> ReleaseStockAsync(IAppDbContext db, Guid storeId, Guid[] productIds, int[] quantities, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE store_stock AS s
            SET reserved = s.reserved - l.quantity
            FROM unnest({productIds}, {quantities}) AS l(product_id, quantity)
            WHERE s.store_id = {storeId} AND s.product_id = l.product_id
            """, ct);

    /// <summary>Hands held units over: they leave the shelf and the reservation at once.</summary>
    public static Task<int> ConsumeStockAsync(IAppDbContext db, Guid storeId, Guid[] productIds, int[] quantities, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE store_stock AS s
            SET reserved = s.reserved - l.quantity, on_hand = s.on_hand - l.quantity
            FROM unnest({productIds}, {quantities}) AS l(product_id, quantity)
            WHERE s.store_id = {storeId} AND s.product_id = l.product_id
            """, ct);

    /// <summary>
    /// Takes one place in a slot ($1 store, $2 slot start in UTC), only if one is left and the store is not paused:
    /// capacity and pause come from the store row, never from a cache. Returns a row when it took the place.
    /// The one statement for it: checkout sends it in its batch (<see cref="PlaceOrderSql"/>), a late payment here.
    /// </summary>
    internal const string TakeSlotPlace = """
        INSERT INTO pickup_slot_bookings AS b (store_id, slot_start, capacity, booked)
        SELECT id, $2, orders_per_slot, 1 FROM stores WHERE id = $1 AND NOT pickup_paused
        ON CONFLICT (store_id, slot_start) DO UPDATE
            SET booked = b.booked + 1, capacity = excluded.capacity
            WHERE b.booked < excluded.capacity
        RETURNING booked
        """;

    /// <summary>
    /// Takes one place in a store's collect-now quarter hour ($1 store, $2 window start in UTC), only while the store
    /// takes collect-now orders and the window has room: both read from the store row, never from a cache. Returns a
    /// row when it took the place. A full window leaves the row as it was: the guard is the WHERE, the CHECK its backstop.
    /// </summary>
    internal const string TakeCollectNowPlace = """
        INSERT INTO collect_now_bookings AS b (store_id, window_start, capacity, booked)
        SELECT id, $2, collect_now_orders_per_window, 1 FROM stores WHERE id = $1 AND collect_now_enabled AND NOT pickup_paused
        ON CONFLICT (store_id, window_start) DO UPDATE
            SET booked = b.booked + 1, capacity = excluded.capacity
            WHERE b.booked < excluded.capacity
        RETURNING booked
        """;

    /// <summary>The place an order takes: its collect-now quarter hour, or its pickup slot.</summary>
    public static async Task<bool> TakePlaceAsync(IAppDbContext db, Order order, CancellationToken ct) =>
        order.CollectNowWindow is { } window
            ? await RowsAsync(db, TakeCollectNowPlace, [order.StoreId, window.ToUniversalTime()], ct) == 1
            : await TakeSlotPlaceAsync(db, order.StoreId, order.SlotStart, ct);

    /// <summary>Gives back the place <see cref="TakePlaceAsync"/> took: the collect-now quarter hour's or the slot's.</summary>
    public static Task ReleasePlaceAsync(IAppDbContext db, Order order, CancellationToken ct) =>
        order.CollectNowWindow is { } window
            ? ReleaseCollectNowPlaceAsync(db, order.StoreId, window, ct)
            : ReleaseSlotPlaceAsync(db, order.StoreId, order.SlotStart, ct);

    /// <summary>Takes one place in the slot (<see cref="TakeSlotPlace"/>). False when the slot is full or the store paused.</summary>
    public static async Task<bool> TakeSlotPlaceAsync(IAppDbContext db, Guid storeId, DateTimeOffset slotStart, CancellationToken ct) =>
        await RowsAsync(db, TakeSlotPlace, [storeId, slotStart.ToUniversalTime()], ct) == 1;

    /// <summary>
    /// Runs one of the positional (<c>$1</c>) statements above in the caller's transaction and counts the rows it
    /// returns; the command and its reader are disposed here, so nothing of it is left on the pooled connection.
    /// </summary>
    private static async Task<int> RowsAsync(IAppDbContext db, string sql, object[] values, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Stock and slot statements run inside the caller's transaction.");
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = 0;
        while (await reader.ReadAsync(ct)) rows++;
        return rows;
    }

    public static Task<int> ReleaseSlotPlaceAsync(IAppDbContext db, Guid storeId, DateTimeOffset slotStart, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE pickup_slot_bookings SET booked = booked - 1
            WHERE store_id = {storeId} AND slot_start = {slotStart.ToUniversalTime()} AND booked > 0
            """, ct);

    public static Task<int> ReleaseCollectNowPlaceAsync(IAppDbContext db, Guid storeId, DateTimeOffset windowStart, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE collect_now_bookings SET booked = booked - 1
            WHERE store_id = {storeId} AND window_start = {windowStart.ToUniversalTime()} AND booked > 0
            """, ct);

    /// <summary>Booked places per slot start for a store between two instants.</summary>
    public static Task<List<SlotBooked>> BookedAsync(IAppDbContext db, Guid storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        db.Database.SqlQuery<SlotBooked>($"""
            SELECT slot_start, booked FROM pickup_slot_bookings
            WHERE store_id = {storeId} AND slot_start >= {from.ToUniversalTime()} AND slot_start < {to.ToUniversalTime()}
            """).ToListAsync(ct);

    public sealed record SlotBooked(DateTimeOffset SlotStart, int Booked);

    /// <summary>Row lock on one order, so a webhook, the expiry worker and staff never change it at once.</summary>
    public static async Task<bool> LockOrderAsync(IAppDbContext db, Guid orderId, CancellationToken ct) =>
        (await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM orders WHERE id = {orderId} FOR UPDATE").ToListAsync(ct)).Count == 1;

    /// <summary>
    /// Gives back everything a live order holds: its units, its place in the slot or collect-now quarter hour, its code's
    /// use, and the points spent on it, in the lock order of ADR 51. <paramref name="promoReason"/> is why the use came
    /// back; by default the order's new status says it.
    /// </summary>
    public static async Task ReleaseOrderAsync(IAppDbContext db, Order order, CancellationToken ct, string? promoReason = null)
    {
        var (ids, quantities) = Lines(order);
        var at = order.History[^1].At;
        await LockStockAsync(db, order.StoreId, ids, ct);
        await ReleaseStockAsync(db, order.StoreId, ids, quantities, ct);
        await ReleasePlaceAsync(db, order, ct);
        if (order.PromoCodeId is not null)
            await RowsAsync(db, Promotions.PromoSql.ReleaseForOrder, [order.Id, at.ToUniversalTime(), promoReason ?? PromoReleaseReason(order.Status)], ct);
        await Loyalty.OrderLoyalty.GiveBackAsync(db, order, at, ct);
    }

    /// <summary>The reason a released use keeps (ADR 51): expired, cancelled, no_show.</summary>
    public static string PromoReleaseReason(OrderStatus status) => status switch
    {
        OrderStatus.Expired => "expired",
        OrderStatus.Cancelled => "cancelled",
        OrderStatus.NoShow => "no_show",
        _ => throw new InvalidOperationException($"An order that is {status} keeps its code's use."),
    };

    /// <summary>
    /// A late payment held the order again: its code is used again, as a new redemption (a row per taking), counted
    /// against the same customer. The caller rolls back to a savepoint unless it is <see cref="Promotions.PromoUseOutcome.Taken"/>:
    /// a refused statement can leave the counters it did raise.
    /// </summary>
    public static async Task<Promotions.PromoUseOutcome> TakePromoAgainAsync(IAppDbContext db, Order order, DateTimeOffset now, CancellationToken ct)
    {
        if (order.PromotionId is not { } promotionId || order.PromoCodeId is not { } codeId) return Promotions.PromoUseOutcome.Taken;
        var use = new Promotions.PromoUse(Guid.CreateVersion7(), promotionId, codeId, Domain.Promotions.RedemptionChannel.Online, order.StoreId, order.Id,
            null, Domain.Promotions.PromoCustomer.Keys(order.UserId, order.CustomerEmail), order.GoodsAmount, order.PromoDiscountAmount, order.Currency,
            now, "system");
        var counts = await Promotions.PromoSql.RunAsync(db, Promotions.PromoSql.Take, Promotions.PromoSql.Values(use), ct);
        return Promotions.PromoSql.Outcome(counts[0], counts[1], counts[2], counts[3]);
    }

    /// <summary>Units an order still holds per product (short picks excluded), sorted by product id (the lock order).</summary>
    public static (Guid[] ProductIds, int[] Quantities) Lines(Order order)
    {
        var lines = order.Lines.GroupBy(l => l.ProductId).Select(g => (Id: g.Key, Qty: g.Sum(l => l.HeldQuantity)))
            .Where(l => l.Qty > 0).OrderBy(l => l.Id).ToArray();
        return (lines.Select(l => l.Id).ToArray(), lines.Select(l => l.Qty).ToArray());
    }
}

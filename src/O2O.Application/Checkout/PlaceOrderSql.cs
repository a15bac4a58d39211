using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using O2O.Application.Abstractions;
using O2O.Application.Promotions;
using O2O.Domain.Orders;
using O2O.Domain.Tax;

namespace O2O.Application.Checkout;

/// <summary>
/// The place-order transaction in three round trips (ADR 12): lock and read, then hold, book and insert in one
/// batch, then commit. Same guards as <see cref="HoldSql"/>: stock rows locked in product-id order, a guarded
/// <c>UPDATE</c> of <c>reserved</c>, a guarded slot upsert, and the points spent (<see cref="Loyalty.LoyaltySql"/>);
/// the caller rolls back unless every guard held.
/// The column lists mirror the EF mapping of <see cref="Order"/>; the checkout tests read these rows back through EF.
/// </summary>
internal static class PlaceOrderSql
{
    public sealed record LockedLine(Guid ProductId, string Sku, string Name, long PriceAmount, string Currency, int Available, TaxCategory TaxCategory,
        string Category);

    public sealed record Locked(IReadOnlyList<LockedLine> Lines, long OrderNumber);

    /// <summary>SlotTaken: the order's place, a pickup slot's or a collect-now quarter hour's.</summary>
    public sealed record Booked(int LinesHeld, bool SlotTaken)
    {
        /// <summary>False when the points the order spends were more than the shopper's balance (the caller rolls back).</summary>
        public bool PointsTaken { get; init; } = true;

        /// <summary>What the code's guarded statement did (ADR 52); <see cref="PromoUseOutcome.Taken"/> when the order carries none.</summary>
        public PromoUseOutcome Promo { get; init; } = PromoUseOutcome.Taken;
    }

    /// <summary>Round trip 1: locks the lines' stock rows at the store with their catalog entries, and draws the order number.</summary>
    public static async Task<Locked> LockAsync(IDbContextTransaction tx, Guid storeId, Guid[] productIds, CancellationToken ct)
    {
        await using var batch = NewBatch(tx);
        Add(batch, """
            SELECT s.product_id, p.sku, p.name, p.price_amount, p.price_currency, s.on_hand - s.reserved, p.tax_category, p.category
            FROM store_stock AS s JOIN products AS p ON p.id = s.product_id
            WHERE s.store_id = $1 AND s.product_id = ANY ($2) AND p.is_active
            ORDER BY s.product_id
            FOR UPDATE OF s
            """, storeId, productIds);
        Add(batch, "SELECT nextval('order_number_seq')");

        var lines = new List<LockedLine>(productIds.Length);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            lines.Add(new LockedLine(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetInt32(5),
                Enum.Parse<TaxCategory>(reader.GetString(6)), reader.GetString(7)));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new Locked(lines, reader.GetInt64(0));
    }

    /// <summary>
    /// Round trip 2: takes a place in the slot, holds the units (capacity and pause read from the store row, not
    /// from any cache), and writes the order, its lines and its first status. Commit only if both guards held.
    /// </summary>
    public static async Task<Booked> BookAsync(IDbContextTransaction tx, Order order, PromoUse? promoUse, CancellationToken ct)
    {
        var lines = order.Lines.OrderBy(l => l.ProductId).ToArray();
        var first = order.History[0];
        await using var batch = NewBatch(tx);
        if (order.CollectNowWindow is { } window) Add(batch, HoldSql.TakeCollectNowPlace, order.StoreId, window.ToUniversalTime());
        else Add(batch, HoldSql.TakeSlotPlace, order.StoreId, order.SlotStart.ToUniversalTime());
        Add(batch, HoldSql.HoldStock, order.StoreId, lines.Select(l => l.ProductId).ToArray(), lines.Select(l => l.Quantity).ToArray());
        // One statement for the three inserts; the foreign keys are checked at its end, when the order exists.
        Add(batch, """
            WITH o AS (
                INSERT INTO orders (id, number, store_id, status, customer_email, customer_name, customer_phone, user_id,
                                    slot_start, slot_end, total_amount, currency, capture_mode, created_at, hold_expires_at,
                                    access_token_hash, failed_pickup_attempts, payment_provider, money_back_requested, idempotency_key_hash, culture, collect_now_window,
                                    loyalty_points, loyalty_discount_amount, promotion_id, promo_code_id, promo_code, promo_discount_amount)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 0, $27, false, $28, $29, $30, $33, $34,
                        $35, $36, $37, $38)
            ), l AS (
                INSERT INTO order_lines (id, order_id, product_id, sku, name, unit_price_amount, currency, quantity, short_quantity,
                                         tax_category, vat_rate_basis_points, category, promo_discount_amount)
                SELECT l.id, $1, l.product_id, l.sku, l.name, l.price, $12, l.quantity, 0, l.tax_category, l.vat_rate, l.category, l.promo
                FROM unnest($17::uuid[], $18::uuid[], $19::text[], $20::text[], $21::bigint[], $22::int[], $31::text[], $32::int[],
                            $39::text[], $40::bigint[])
                    AS l(id, product_id, sku, name, price, quantity, tax_category, vat_rate, category, promo)
            )
            INSERT INTO order_status_changes (order_id, status, at, actor, note) VALUES ($1, $23, $24, $25, $26)
            """, order.Id, order.Number, order.StoreId, order.Status.ToString(), order.CustomerEmail, order.CustomerName,
            order.CustomerPhone, order.UserId, order.SlotStart.ToUniversalTime(), order.SlotEnd.ToUniversalTime(),
            order.TotalAmount, order.Currency, order.CaptureMode.ToString(), order.CreatedAt.ToUniversalTime(),
            order.HoldExpiresAt.ToUniversalTime(), order.AccessTokenHash,
            lines.Select(l => l.Id).ToArray(), lines.Select(l => l.ProductId).ToArray(), lines.Select(l => l.Sku).ToArray(),
            lines.Select(l => l.Name).ToArray(), lines.Select(l => l.UnitPriceAmount).ToArray(), lines.Select(l => l.Quantity).ToArray(),
            first.Status.ToString(), first.At.ToUniversalTime(), first.Actor, first.Note, order.PaymentProvider, order.IdempotencyKeyHash, order.Culture,
            order.CollectNowWindow?.ToUniversalTime(),
            lines.Select(l => l.TaxCategory.ToString()).ToArray(), lines.Select(l => l.VatRateBasisPoints).ToArray(),
            order.LoyaltyPoints, order.LoyaltyDiscountAmount,
            order.PromotionId, order.PromoCodeId, order.PromoCode, order.PromoDiscountAmount,
            lines.Select(l => l.Category).ToArray(), lines.Select(l => l.PromoDiscountAmount).ToArray());
        // The hand-over details, in the same round trip: who collects, and which lines need the collector's ID checked,
        // copied from the catalog as it is now, so changing a product's flag later does not change this order (ADR 45).
        // The insert above leaves order_lines.age_restricted to its column default, false.
        Add(batch, """
            WITH c AS (UPDATE orders SET collector_name = $2::text WHERE id = $1 AND $2::text IS NOT NULL)
            UPDATE order_lines AS l SET age_restricted = true
            FROM products AS p WHERE l.order_id = $1 AND p.id = l.product_id AND p.age_restricted
            """, order.Id, order.CollectorName);
        // The code's use (ADR 51): after the order, stock and slot, before the points, as every writer locks them.
        if (promoUse is not null) Add(batch, PromoSql.Take, PromoSql.Values(promoUse));
        // Points paid part of it: the ledger's guarded statement, last, so the account row is the last lock taken.
        var spend = Loyalty.OrderLoyalty.Spend(order);
        if (spend is not null)
        {
            Add(batch, Loyalty.LoyaltySql.EnsureAccount, spend.UserId);
            Add(batch, Loyalty.LoyaltySql.Apply, Loyalty.LoyaltySql.Values(spend));
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var slotTaken = await reader.ReadAsync(ct);
        await reader.NextResultAsync(ct);
        var held = 0;
        while (await reader.ReadAsync(ct)) held++;
        var promo = PromoUseOutcome.Taken;
        if (promoUse is not null)
        {
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            promo = PromoSql.Outcome(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
        }
        if (spend is null) return new Booked(held, slotTaken) { Promo = promo };
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new Booked(held, slotTaken)
        {
            Promo = promo,
            PointsTaken = Loyalty.LoyaltySql.Outcome(reader.GetInt32(0), reader.GetInt32(1)) == Loyalty.LoyaltyOutcome.Applied,
        };
    }

    private static DbBatch NewBatch(IDbContextTransaction tx)
    {
        var transaction = tx.GetDbTransaction();
        var batch = transaction.Connection!.CreateBatch();
        batch.Transaction = transaction;
        return batch;
    }

    private static void Add(DbBatch batch, string sql, params object?[] values)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        batch.BatchCommands.Add(command);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using O2O.Application.Abstractions;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>What the guarded use statement did; the caller rolls back unless it is <see cref="Taken"/>.</summary>
public enum PromoUseOutcome
{
    Taken,
    /// <summary>The promotion's last use went to someone else, or it was paused a moment ago.</summary>
    PromotionExhausted,
    /// <summary>A single-use code was used by someone else first.</summary>
    CodeUsed,
    /// <summary>This customer has had all their uses (by account or by email).</summary>
    CustomerLimitReached,
}

/// <summary>One use to book: <see cref="Id"/> is the redemption's id, the answer a till gets back.</summary>
public sealed record PromoUse(Guid Id, Guid PromotionId, Guid CodeId, RedemptionChannel Channel, Guid StoreId, Guid? OrderId,
    string? ExternalReference, IReadOnlyList<string> CustomerKeys, long SubtotalMinor, long DiscountMinor, string Currency,
    DateTimeOffset At, string Actor);

/// <summary>
/// The one home of the SQL that books and gives back uses of a code (ADR 51), like stock (ADR 12) and points (ADR 48):
/// guarded UPDATEs whose row counts decide, behind CHECKs, inside the caller's transaction.
/// Lock order, the same everywhere: the order row and stock (the caller's), then the promotion row, the code row, the
/// customer's counters, and the loyalty account last. A promotion's row is the hot row of a shared code: like a hot
/// SKU, its takers queue on it for the few microseconds of an update, never across a payment.
/// </summary>
public static class PromoSql
{
    /// <summary>
    /// $1 id, $2 promotion, $3 code, $4 channel, $5 store, $6 order, $7 external reference, $8 customer keys,
    /// $9 subtotal, $10 discount, $11 currency, $12 at, $13 actor. One row: (promotion taken, code taken, customer
    /// counters taken, customer counters needed, redemption written). Every step only runs if the one before held, and
    /// the caller rolls back unless all held (<see cref="Outcome"/>), so a refused use leaves nothing behind.
    /// </summary>
    public const string Take = """
        WITH p AS (
            UPDATE promotions SET uses = uses + 1
            WHERE id = $2::uuid AND NOT paused AND (max_uses IS NULL OR uses < max_uses)
            RETURNING max_uses_per_customer
        ), c AS (
            UPDATE promo_codes SET uses = uses + 1
            WHERE id = $3::uuid AND promotion_id = $2::uuid AND (NOT single_use OR uses < 1) AND EXISTS (SELECT 1 FROM p)
            RETURNING id
        ), k AS (
            INSERT INTO promo_customer_uses AS u (promotion_id, customer_key, uses)
            SELECT $2::uuid, key, 1 FROM unnest($8::text[]) AS key
            WHERE EXISTS (SELECT 1 FROM c) AND (SELECT max_uses_per_customer FROM p) IS NOT NULL
            ON CONFLICT (promotion_id, customer_key) DO UPDATE SET uses = u.uses + 1
            WHERE u.uses < (SELECT max_uses_per_customer FROM p)
            RETURNING 1
        ), r AS (
            INSERT INTO promo_redemptions (id, promotion_id, code_id, channel, store_id, order_id, external_reference, customer_keys,
                                           subtotal_minor, discount_minor, currency, created_at, actor)
            SELECT $1::uuid, $2::uuid, $3::uuid, $4::text, $5::uuid, $6::uuid, $7::text, $8::text[], $9::bigint, $10::bigint, $11::text,
                   $12::timestamptz, $13::text
            WHERE EXISTS (SELECT 1 FROM c)
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM p)::int, (SELECT count(*) FROM c)::int, (SELECT count(*) FROM k)::int,
               CASE WHEN (SELECT max_uses_per_customer FROM p) IS NULL THEN 0 ELSE cardinality($8::text[]) END,
               (SELECT count(*) FROM r)::int
        """;

    public static object?[] Values(PromoUse use) =>
    [
        use.Id, use.PromotionId, use.CodeId, use.Channel.ToString(), use.StoreId, use.OrderId, use.ExternalReference,
        use.CustomerKeys.ToArray(), use.SubtotalMinor, use.DiscountMinor, use.Currency, use.At.ToUniversalTime(), use.Actor,
    ];

    public static PromoUseOutcome Outcome(int promotionTaken, int codeTaken, int customerTaken, int customerNeeded) =>
        promotionTaken == 0 ? PromoUseOutcome.PromotionExhausted
        : codeTaken == 0 ? PromoUseOutcome.CodeUsed
        : customerTaken < customerNeeded ? PromoUseOutcome.CustomerLimitReached
        : PromoUseOutcome.Taken;

    /// <summary>
    /// Gives back the live use an order holds: $1 order id, $2 at, $3 reason (expired, cancelled, no_show, payment_failed).
    /// Guarded by <c>released_at IS NULL</c>, so giving back twice gives back once. One row: how many uses came back (0 or 1);
    /// the counters' updates run whether or not the count is read (a data-modifying CTE always runs to completion).
    /// </summary>
    public static readonly string ReleaseForOrder = Release("order_id = $1::uuid");

    /// <summary>As <see cref="ReleaseForOrder"/> for a till's sale that was voided: $1 redemption id, $2 at, $3 reason.</summary>
    public static readonly string ReleaseRedemption = Release("id = $1::uuid");

    private static string Release(string which) => $"""
        WITH r AS (
            UPDATE promo_redemptions SET released_at = $2::timestamptz, released_reason = $3::text
            WHERE {which} AND released_at IS NULL
            RETURNING promotion_id, code_id, customer_keys
        ), p AS (
            UPDATE promotions AS p SET uses = p.uses - 1 FROM r WHERE p.id = r.promotion_id RETURNING 1
        ), c AS (
            UPDATE promo_codes AS c SET uses = c.uses - 1 FROM r WHERE c.id = r.code_id RETURNING 1
        ), k AS (
            UPDATE promo_customer_uses AS u SET uses = u.uses - 1 FROM r
            WHERE u.promotion_id = r.promotion_id AND u.customer_key = ANY (r.customer_keys) AND u.uses > 0
            RETURNING 1
        )
        SELECT count(*)::int FROM r
        """;

    /// <summary>Runs one of these statements with its positional parameters in the caller's transaction, and reads its one row of counts.</summary>
    public static async Task<int[]> RunAsync(IAppDbContext db, string sql, object?[] values, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Promotion statements run inside the caller's transaction.");
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var counts = new int[reader.FieldCount];
        for (var i = 0; i < counts.Length; i++) counts[i] = reader.GetInt32(i);
        return counts;
    }
}

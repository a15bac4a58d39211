using Microsoft.EntityFrameworkCore.Storage;
using O2O.Application.Abstractions;

namespace O2O.Application.Loyalty;

/// <summary>What moved a balance; stored by name, and part of the API (<c>GET /api/v1/me/loyalty</c>).</summary>
public enum LoyaltyKind
{
    /// <summary>An order was collected (cause: the order id).</summary>
    Earned,
    /// <summary>Points paid part of an order (cause: the order id; a late payment's second booking adds ":2").</summary>
    Spent,
    /// <summary>The order expired or was cancelled or not collected: its points came back (cause as for Spent).</summary>
    GivenBack,
    /// <summary>Staff could not pick a line: its share of the points came back (cause: line id and its short count).</summary>
    ShortPick,
    /// <summary>Goods came back after collection: their share of the points earned goes (cause: the return id).</summary>
    ReturnReversal,
    /// <summary>Goods came back after collection: their share of the points spent on the order came back (cause: the return id).</summary>
    ReturnGivenBack,
    /// <summary>Earned points ran out of time (cause: the earning entry).</summary>
    Expired,
    /// <summary>An admin changed the balance, with a reason (cause: the adjustment id).</summary>
    Adjusted,
}

public enum LoyaltyOutcome { Applied, AlreadyApplied, Insufficient }

/// <summary>One change of a member's balance, keyed by what caused it.</summary>
public sealed record LoyaltyChange(string UserId, LoyaltyKind Kind, string CauseKey, long Points, Guid? OrderId, string? Reason, DateTimeOffset At)
{
    /// <summary>The money the change is about (paid when earned, returned when reversed), in the order's minor units.</summary>
    public long? AmountMinor { get; init; }
}

/// <summary>
/// The one home of the SQL that changes a balance (ADR 48). Each change is an entry INSERT … ON CONFLICT DO NOTHING on
/// (user, kind, cause), so an event applied twice changes nothing, and an UPDATE of the balance guarded by
/// <c>balance + delta &gt;= 0</c>, in one statement; the row counts decide. The CHECK on the balance stands behind the
/// guard. An entry is never updated or deleted. Call inside the caller's transaction; a change answered
/// <see cref="LoyaltyOutcome.Insufficient"/> leaves nothing behind.
/// The account row is locked last of all a transaction's rows (after orders and stock), so no two writers deadlock.
/// </summary>
public static class LoyaltySql
{
    /// <summary>$1 user: the account row, created empty on first use (the entry's foreign key needs it).</summary>
    internal const string EnsureAccount = "INSERT INTO loyalty_accounts (user_id, balance) VALUES ($1, 0) ON CONFLICT (user_id) DO NOTHING";

    /// <summary>$1 id, $2 user, $3 points (signed), $4 kind, $5 cause, $6 order id, $7 reason, $8 at, $9 amount: one row (entered, applied).</summary>
    internal const string Apply = """
        WITH e AS (
            INSERT INTO loyalty_entries (id, user_id, points, kind, cause_key, order_id, reason, created_at, amount_minor)
            VALUES ($1::uuid, $2::text, $3::bigint, $4::text, $5::text, $6::uuid, $7::text, $8::timestamptz, $9::bigint)
            ON CONFLICT (user_id, kind, cause_key) DO NOTHING
            RETURNING points
        ), a AS (
            UPDATE loyalty_accounts AS a SET balance = a.balance + e.points
            FROM e
            WHERE a.user_id = $2::text AND a.balance + e.points >= 0
            RETURNING a.balance
        )
        SELECT (SELECT count(*) FROM e)::int, (SELECT count(*) FROM a)::int, COALESCE((SELECT points FROM e), 0)::bigint
        """;

    /// <summary>
    /// As <see cref="Apply"/> for a take-back ($3 the points to take, positive): takes at most the balance, since the
    /// points may already be spent; the entry records what was really taken.
    /// </summary>
    internal const string TakeUpTo = """
        WITH b AS (
            SELECT balance FROM loyalty_accounts WHERE user_id = $2::text FOR UPDATE
        ), e AS (
            INSERT INTO loyalty_entries (id, user_id, points, kind, cause_key, order_id, reason, created_at, amount_minor)
            SELECT $1::uuid, $2::text, -LEAST($3::bigint, b.balance), $4::text, $5::text, $6::uuid, $7::text, $8::timestamptz, $9::bigint FROM b
            ON CONFLICT (user_id, kind, cause_key) DO NOTHING
            RETURNING points
        ), a AS (
            UPDATE loyalty_accounts AS a SET balance = a.balance + e.points
            FROM e
            WHERE a.user_id = $2::text AND a.balance + e.points >= 0
            RETURNING a.balance
        )
        SELECT (SELECT count(*) FROM e)::int, (SELECT count(*) FROM a)::int, COALESCE((SELECT points FROM e), 0)::bigint
        """;

    internal static object?[] Values(LoyaltyChange c) =>
        [Guid.CreateVersion7(), c.UserId, c.Points, c.Kind.ToString(), c.CauseKey, c.OrderId, c.Reason, c.At.ToUniversalTime(), c.AmountMinor];

    internal static LoyaltyOutcome Outcome(int entered, int applied) =>
        entered == 0 ? LoyaltyOutcome.AlreadyApplied : applied == 1 ? LoyaltyOutcome.Applied : LoyaltyOutcome.Insufficient;

    /// <summary>Applies a change of exactly <see cref="LoyaltyChange.Points"/> (positive or negative).</summary>
    public static async Task<LoyaltyOutcome> ApplyAsync(IAppDbContext db, LoyaltyChange change, CancellationToken ct)
    {
        var (entered, applied, _) = await RunAsync(db, Apply, change, ct);
        return Outcome(entered, applied);
    }

    /// <summary>Takes back up to <paramref name="change"/>.Points (positive) without going below zero; returns what it took.</summary>
    public static async Task<long> TakeUpToAsync(IAppDbContext db, LoyaltyChange change, CancellationToken ct)
    {
        var (entered, applied, points) = await RunAsync(db, TakeUpTo, change, ct);
        return Outcome(entered, applied) == LoyaltyOutcome.Applied ? -points : 0;
    }

    private static async Task<(int Entered, int Applied, long Points)> RunAsync(IAppDbContext db, string sql, LoyaltyChange change, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Loyalty statements run inside the caller's transaction.");
        await using var batch = transaction.Connection!.CreateBatch();
        batch.Transaction = transaction;
        // A savepoint, so that a refused change leaves nothing behind and the caller's transaction can go on (a late
        // payment that finds the points gone refunds instead); the checkout, which rolls back anyway, sends its own batch.
        Add(batch, "SAVEPOINT loyalty_change", []);
        Add(batch, EnsureAccount, [change.UserId]);
        Add(batch, sql, Values(change));
        int entered, applied;
        long points;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (entered, applied, points) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2));
        }
        await using var undo = transaction.Connection.CreateCommand();
        undo.Transaction = transaction;
        undo.CommandText = Outcome(entered, applied) == LoyaltyOutcome.Insufficient ? "ROLLBACK TO SAVEPOINT loyalty_change" : "RELEASE SAVEPOINT loyalty_change";
        await undo.ExecuteNonQueryAsync(ct);
        return (entered, applied, points);
    }

    internal static void Add(System.Data.Common.DbBatch batch, string sql, object?[] values)
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

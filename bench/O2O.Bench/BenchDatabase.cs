using Npgsql;

namespace O2O.Bench;

public sealed record InvariantSummary(long Oversold, long Overbooked, long StockMismatches, long SlotMismatches, long LiveOrders)
{
    public bool Ok => Oversold == 0 && Overbooked == 0 && StockMismatches == 0 && SlotMismatches == 0;

    public string Line() =>
        $"invariants (SQL): {LiveOrders:N0} live orders; oversold rows {Oversold}, overbooked slots {Overbooked}, " +
        $"reserved ≠ live holds {StockMismatches}, booked ≠ orders in slot {SlotMismatches} => {(Ok ? "OK" : "VIOLATED")}";
}

/// <summary>The bench's own SQL: resetting between runs, reading the race's outcome, the invariants and EXPLAIN.</summary>
public sealed class BenchDatabase(NpgsqlDataSource db)
{
    public NpgsqlDataSource Source => db;

    /// <summary>Every run starts from an empty order book and nothing reserved.</summary>
    public async Task ResetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // CASCADE: and whatever hangs off an order (payment commands, returns, emails, points), whichever part added it.
        await DataGenerator.ExecAsync(conn, """
            TRUNCATE orders, order_lines, order_status_changes, pickup_slot_bookings, collect_now_bookings, idempotency_records, payment_events CASCADE;
            UPDATE store_stock SET reserved = 0 WHERE reserved <> 0;
            """);
    }

    private bool? _statements;

    /// <summary>
    /// pg_stat_statements, when the server preloads it (bench/postgres.sh does): where PostgreSQL's time goes, per
    /// scenario. Without it the bench says so once and carries on.
    /// </summary>
    public async Task<bool> StatementsAvailableAsync()
    {
        if (_statements is { } known) return known;
        try
        {
            await using var conn = await db.OpenConnectionAsync();
            await DataGenerator.ExecAsync(conn, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();");
            _statements = true;
        }
        catch (PostgresException ex)
        {
            Console.WriteLine($"  (pg_stat_statements not available: {ex.MessageText}; add it to shared_preload_libraries to see PostgreSQL's time per statement)");
            _statements = false;
        }
        return _statements.Value;
    }

    public async Task ResetStatementsAsync()
    {
        if (!await StatementsAvailableAsync()) return;
        await using var cmd = db.CreateCommand("SELECT pg_stat_statements_reset()");
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The statements that took most of PostgreSQL's execution time since the last reset, one line each.</summary>
    public async Task<IReadOnlyList<string>> TopStatementsAsync(int count)
    {
        if (!await StatementsAvailableAsync()) return [];
        await using var cmd = db.CreateCommand("""
            SELECT calls, total_exec_time, total_plan_time, 100 * total_exec_time / NULLIF(sum(total_exec_time) OVER (), 0),
                   regexp_replace(query, '\s+', ' ', 'g')
            FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND query NOT LIKE '%pg_stat_statements%'
            ORDER BY total_exec_time DESC
            LIMIT $1
            """);
        cmd.Parameters.AddWithValue(count);
        var lines = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var calls = reader.GetInt64(0);
            var query = reader.GetString(4);
            lines.Add($"{(reader.IsDBNull(3) ? 0 : reader.GetDouble(3)),5:F1}% {calls,9:N0} calls {reader.GetDouble(1) / Math.Max(1, calls) * 1000,8:F1} µs/call  " +
                      (query.Length > 110 ? query[..110] + "…" : query));
        }
        return lines;
    }

    public async Task ResetHotSkuAsync(int units)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE store_stock SET on_hand = $3, reserved = 0 WHERE store_id = $1 AND product_id = $2
            """);
        cmd.Parameters.AddWithValue(Ids.HotStore);
        cmd.Parameters.AddWithValue(Ids.HotProduct);
        cmd.Parameters.AddWithValue(units);
        if (await cmd.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException("The hot SKU's stock row is missing: regenerate.");
    }

    public async Task<(long Orders, int OnHand, int Reserved)> HotSkuStateAsync()
    {
        await using var cmd = db.CreateCommand("""
            SELECT (SELECT count(*) FROM order_lines WHERE product_id = $2), on_hand, reserved
            FROM store_stock WHERE store_id = $1 AND product_id = $2
            """);
        cmd.Parameters.AddWithValue(Ids.HotStore);
        cmd.Parameters.AddWithValue(Ids.HotProduct);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt32(1), r.GetInt32(2));
    }

    /// <summary>The same definitions as the app's CheckInvariants (ADR 6), reduced to counts.</summary>
    public async Task<InvariantSummary> InvariantsAsync()
    {
        await using var cmd = db.CreateCommand("""
            WITH holds AS (
                SELECT o.store_id, l.product_id, SUM(l.quantity) AS held
                FROM orders o JOIN order_lines l ON l.order_id = o.id
                WHERE o.status IN ('PendingPayment', 'Paid', 'ReadyForPickup')
                GROUP BY o.store_id, l.product_id
            ), places AS (
                SELECT store_id, slot_start, COUNT(*) AS taken FROM orders
                WHERE status IN ('PendingPayment', 'Paid', 'ReadyForPickup', 'Collected') AND collect_now_window IS NULL
                GROUP BY store_id, slot_start
            ), collect_now AS (
                SELECT store_id, collect_now_window AS window_start, COUNT(*) AS taken FROM orders
                WHERE status IN ('PendingPayment', 'Paid', 'ReadyForPickup', 'Collected') AND collect_now_window IS NOT NULL
                GROUP BY store_id, collect_now_window
            )
            SELECT
              (SELECT count(*) FROM store_stock WHERE reserved > on_hand OR on_hand < 0),
              (SELECT count(*) FROM pickup_slot_bookings WHERE booked > capacity)
                + (SELECT count(*) FROM collect_now_bookings WHERE booked > capacity),
              (SELECT count(*) FROM store_stock s FULL JOIN holds h ON h.store_id = s.store_id AND h.product_id = s.product_id
                WHERE COALESCE(s.reserved, 0) <> COALESCE(h.held, 0)),
              (SELECT count(*) FROM pickup_slot_bookings b FULL JOIN places p ON p.store_id = b.store_id AND p.slot_start = b.slot_start
                WHERE COALESCE(b.booked, 0) <> COALESCE(p.taken, 0))
                + (SELECT count(*) FROM collect_now_bookings b FULL JOIN collect_now c ON c.store_id = b.store_id AND c.window_start = b.window_start
                WHERE COALESCE(b.booked, 0) <> COALESCE(c.taken, 0)),
              (SELECT count(*) FROM orders WHERE status IN ('PendingPayment', 'Paid', 'ReadyForPickup'))
            """);
        cmd.CommandTimeout = 0;
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return new InvariantSummary(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
    }

    /// <summary>EXPLAIN ANALYZE of the availability query the app sends, for a product in the middle of the range.</summary>
    public async Task<string> ExplainAvailabilityAsync(string sqlFile, Guid productId)
    {
        var sql = await File.ReadAllTextAsync(sqlFile);
        await using var conn = await db.OpenConnectionAsync();
        // The 20 stores nearest central Paris: what the app's store directory would hand the statement.
        await using var nearest = new NpgsqlCommand("""
            SELECT array_agg(id) FROM (
                SELECT id FROM stores
                ORDER BY 2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(latitude - 48.8566) / 2), 2) +
                         cos(radians(48.8566)) * cos(radians(latitude)) * power(sin(radians(longitude - 2.3522) / 2), 2)))), name
                LIMIT 20) n
            """, conn);
        var storeIds = (Guid[])(await nearest.ExecuteScalarAsync())!;
        await using var cmd = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql.Trim().TrimEnd(';'), conn);
        cmd.Parameters.AddWithValue("productId", productId);
        cmd.Parameters.AddWithValue("storeIds", storeIds);
        var lines = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) lines.Add(r.GetString(0));
        return string.Join(Environment.NewLine, lines);
    }
}

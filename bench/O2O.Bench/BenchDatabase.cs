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

    /// <summary>
    /// A busy store's day for the pickup board: <paramref name="count"/> orders spread over the slots of the store's
    /// local today, 1–3 lines each, in the board's columns (to prepare, ready, collected). Written as the app books
    /// them: the live ones hold their units and every one has its place in its slot, so the invariants still hold.
    /// </summary>
    public async Task SeedBoardAsync(Guid store, int count, int products)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // One statement per command (the extended protocol takes one each), every one with the parameters it names.
        const string sql = """
            CREATE TEMP TABLE board_orders ON COMMIT DROP AS
            SELECT g, ('c0000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid AS id,
                   CASE WHEN g % 20 < 12 THEN 'Paid' WHEN g % 20 < 17 THEN 'ReadyForPickup' ELSE 'Collected' END AS status,
                   d.day0 + (g % 48) * interval '30 minutes' AS slot_start
            FROM generate_series(1, $2) AS g,
                 (SELECT (date_trunc('day', now() AT TIME ZONE time_zone_id) AT TIME ZONE time_zone_id) AS day0 FROM stores WHERE id = $1) AS d;

            INSERT INTO orders (id, number, store_id, status, customer_email, customer_name, slot_start, slot_end, total_amount, currency,
                                capture_mode, created_at, hold_expires_at, access_token_hash, failed_pickup_attempts, payment_provider,
                                money_back_requested, culture, pickup_code)
            SELECT id, 'BRD' || g, $1, status, 'board' || g || '@bench.test', 'Board shopper ' || g, slot_start, slot_start + interval '30 minutes',
                   0, 'EUR', 'AtOrder', now() - interval '1 day', now() - interval '1 day' + interval '15 minutes', md5(g::text) || md5(g::text), 0,
                   'simulated', false, 'en', CASE WHEN status <> 'Collected' THEN lpad(g::text, 6, '0') END
            FROM board_orders;

            INSERT INTO order_lines (id, order_id, product_id, sku, name, unit_price_amount, currency, quantity, short_quantity,
                                     tax_category, vat_rate_basis_points, category)
            SELECT gen_random_uuid(), b.id, p.id, p.sku, p.name, p.price_amount, p.price_currency, 1 + (b.g + k) % 2, 0, p.tax_category, 2000, p.category
            FROM board_orders b
            CROSS JOIN LATERAL generate_series(0, b.g % 3) AS k
            JOIN products p ON p.id = ('00000000-0000-4000-9000-' || lpad(to_hex(1 + (b.g * 7 + k * 1013) % $3), 12, '0'))::uuid;

            UPDATE orders o SET total_amount = t.total
            FROM (SELECT order_id, sum(unit_price_amount * quantity) AS total FROM order_lines l JOIN board_orders b ON b.id = l.order_id GROUP BY order_id) t
            WHERE o.id = t.order_id;

            INSERT INTO order_status_changes (order_id, status, at, actor)
            SELECT id, 'PendingPayment', now() - interval '1 day', 'shopper' FROM board_orders
            UNION ALL SELECT id, 'Paid', now() - interval '1 day', 'payment' FROM board_orders
            UNION ALL SELECT id, status, now() - interval '1 hour', 'staff' FROM board_orders WHERE status <> 'Paid';

            UPDATE store_stock s SET reserved = s.reserved + h.held
            FROM (SELECT l.product_id, sum(l.quantity) AS held FROM order_lines l JOIN board_orders b ON b.id = l.order_id
                  WHERE b.status <> 'Collected' GROUP BY l.product_id) h
            WHERE s.store_id = $1 AND s.product_id = h.product_id;

            INSERT INTO pickup_slot_bookings AS k (store_id, slot_start, capacity, booked)
            SELECT $1, b.slot_start, (SELECT orders_per_slot FROM stores WHERE id = $1), count(*) FROM board_orders b GROUP BY b.slot_start
            ON CONFLICT (store_id, slot_start) DO UPDATE SET booked = k.booked + excluded.booked
            """;
        object[] values = [store, count, products];
        await using var batch = new NpgsqlBatch(conn, tx);
        foreach (var statement in sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var command = new NpgsqlBatchCommand(statement);
            var used = Enumerable.Range(1, values.Length).Where(n => statement.Contains($"${n}", StringComparison.Ordinal)).DefaultIfEmpty(0).Max();
            foreach (var value in values.Take(used)) command.Parameters.Add(new NpgsqlParameter { Value = value });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        await DataGenerator.ExecAsync(conn, "ANALYZE orders, order_lines;");
    }

    /// <summary>Deadlocks PostgreSQL has detected in this database since it started.</summary>
    public async Task<long> DeadlocksAsync()
    {
        await using var cmd = db.CreateCommand("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Turns the orders table's triggers, the live board's NOTIFY (ADR 42), off or back on.</summary>
    public async Task SetNotifyTriggerAsync(bool enabled)
    {
        await using var cmd = db.CreateCommand($"ALTER TABLE orders {(enabled ? "ENABLE" : "DISABLE")} TRIGGER USER");
        await cmd.ExecuteNonQueryAsync();
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

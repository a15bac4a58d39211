using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace O2O.Bench;

/// <summary>
/// Writes stores, their opening hours, products and one stock row per (store, product) straight into the app's
/// schema with binary COPY. The stock table's keys and foreign keys are dropped during the load and rebuilt after
/// it (same names and definitions as the InitialSchema migration): building an index once is far cheaper than
/// maintaining it row by row, and a truncate-then-COPY in one transaction skips the WAL with wal_level=minimal.
/// </summary>
public static class DataGenerator
{
    private static readonly string[] Categories = ["Grocery", "Drinks", "Household", "Beauty", "Garden", "Kitchen", "Toys", "Books"];

    private static readonly string[] Cities =
        ["Paris", "Lyon", "Lisboa", "Porto", "Helsinki", "Espoo", "Madrid", "Berlin", "Milano", "Bruxelles"];

    /// <summary>Slots are plentiful (every day 00:00–23:59, the most orders per slot the domain allows) so only stock limits an order.</summary>
    public const int OrdersPerSlot = 1000;

    public static async Task<bool> IsPresentAsync(NpgsqlDataSource db, int stores, int products)
    {
        await using var cmd = db.CreateCommand("""
            SELECT (SELECT count(*) FROM stores), (SELECT count(*) FROM products),
                   (SELECT count(*) FROM store_stock WHERE store_id = $1),
                   -- a data set built with an older definition of this index, or before fillfactor 90, is rebuilt
                   EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'ix_store_stock_product_id' AND indexdef NOT LIKE '%INCLUDE%')
                   AND (SELECT reloptions FROM pg_class WHERE relname = 'store_stock') @> ARRAY['fillfactor=90']
            """);
        cmd.Parameters.AddWithValue(Ids.Store(stores));
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return r.GetInt64(0) == stores && r.GetInt64(1) == products + 1 && r.GetInt64(2) == products && r.GetBoolean(3);
    }

    public static async Task GenerateAsync(NpgsqlDataSource db, int stores, int products)
    {
        var total = Stopwatch.StartNew();
        Console.WriteLine($"Generating {stores:N0} stores × {products:N0} products = {(long)stores * products:N0} stock rows …");
        await using var conn = await db.OpenConnectionAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await ExecAsync(conn, """
                TRUNCATE stores, products, store_stock, store_opening_hours, store_closures, staff_assignments,
                         orders, order_lines, order_status_changes, pickup_slot_bookings, idempotency_records, payment_events
                    RESTART IDENTITY CASCADE;
                ALTER TABLE store_stock DROP CONSTRAINT IF EXISTS fk_store_stock_products_product_id;
                ALTER TABLE store_stock DROP CONSTRAINT IF EXISTS fk_store_stock_stores_store_id;
                ALTER TABLE store_stock DROP CONSTRAINT IF EXISTS pk_store_stock;
                DROP INDEX IF EXISTS ix_store_stock_product_id;
                """);
            await CopyStoresAsync(conn, stores);
            await CopyProductsAsync(conn, products);
            var sw = Stopwatch.StartNew();
            await CopyStockAsync(conn, stores, products);
            Console.WriteLine($"  stock rows copied in {sw.Elapsed.TotalSeconds:F1} s; rebuilding keys …");
            sw.Restart();
            await ExecAsync(conn, """
                SET LOCAL maintenance_work_mem = '1GB';
                ALTER TABLE store_stock ADD CONSTRAINT pk_store_stock PRIMARY KEY (store_id, product_id);
                CREATE INDEX ix_store_stock_product_id ON store_stock (product_id);
                ALTER TABLE store_stock ADD CONSTRAINT fk_store_stock_products_product_id
                    FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE;
                ALTER TABLE store_stock ADD CONSTRAINT fk_store_stock_stores_store_id
                    FOREIGN KEY (store_id) REFERENCES stores (id) ON DELETE CASCADE;
                """);
            Console.WriteLine($"  keys rebuilt in {sw.Elapsed.TotalSeconds:F1} s");
            await tx.CommitAsync();
        }
        var vacuum = Stopwatch.StartNew();
        await ExecAsync(conn, "VACUUM (ANALYZE) stores, products, store_opening_hours, store_stock;");
        Console.WriteLine($"  vacuum analyze {vacuum.Elapsed.TotalSeconds:F1} s; data set ready in {total.Elapsed.TotalSeconds:F0} s");
    }

    private static async Task CopyStoresAsync(NpgsqlConnection conn, int stores)
    {
        var rnd = new Random(7);
        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY stores (id, code, name, street, postal_code, city, country_code, latitude, longitude, time_zone_id,
                         slot_length_minutes, orders_per_slot, lead_time_minutes, booking_horizon_days, hold_days,
                         capture_mode, pickup_paused) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var n = 1; n <= stores; n++)
            {
                var city = Cities[n % Cities.Length];
                await w.StartRowAsync();
                await w.WriteAsync(Ids.Store(n), NpgsqlDbType.Uuid);
                await w.WriteAsync($"B{n:D5}", NpgsqlDbType.Varchar);
                await w.WriteAsync($"Bench {city} {n}", NpgsqlDbType.Varchar);
                await w.WriteAsync($"{n} Bench Street", NpgsqlDbType.Varchar);
                await w.WriteAsync($"{10000 + n}", NpgsqlDbType.Varchar);
                await w.WriteAsync(city, NpgsqlDbType.Varchar);
                await w.WriteAsync("FR", NpgsqlDbType.Varchar);
                await w.WriteAsync(36 + rnd.NextDouble() * 24, NpgsqlDbType.Double); // Europe, roughly
                await w.WriteAsync(-9 + rnd.NextDouble() * 34, NpgsqlDbType.Double);
                await w.WriteAsync("Europe/Paris", NpgsqlDbType.Varchar);
                await w.WriteAsync(30, NpgsqlDbType.Integer);
                await w.WriteAsync(OrdersPerSlot, NpgsqlDbType.Integer);
                await w.WriteAsync(15, NpgsqlDbType.Integer);
                await w.WriteAsync(7, NpgsqlDbType.Integer);
                await w.WriteAsync(3, NpgsqlDbType.Integer);
                await w.WriteAsync("AtOrder", NpgsqlDbType.Varchar);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
            }
            await w.CompleteAsync();
        }

        await using (var w = await conn.BeginBinaryImportAsync(
                         "COPY store_opening_hours (store_id, day, opens, closes) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 1; n <= stores; n++)
                foreach (var day in Enum.GetValues<DayOfWeek>())
                {
                    await w.StartRowAsync();
                    await w.WriteAsync(Ids.Store(n), NpgsqlDbType.Uuid);
                    await w.WriteAsync(day.ToString(), NpgsqlDbType.Varchar);
                    await w.WriteAsync(new TimeOnly(0, 0), NpgsqlDbType.Time);
                    await w.WriteAsync(new TimeOnly(23, 59), NpgsqlDbType.Time);
                }
            await w.CompleteAsync();
        }
    }

    private static async Task CopyProductsAsync(NpgsqlConnection conn, int products)
    {
        var rnd = new Random(11);
        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY products (id, sku, name, description, category, price_amount, price_currency, image_url, is_active)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var n = 0; n <= products; n++)
            {
                var hot = n == 0;
                await w.StartRowAsync();
                await w.WriteAsync(hot ? Ids.HotProduct : Ids.Product(n), NpgsqlDbType.Uuid);
                await w.WriteAsync(hot ? "BENCH-HOT" : $"BENCH-{n:D7}", NpgsqlDbType.Varchar);
                await w.WriteAsync(hot ? "Bench hot SKU" : $"Bench product {n}", NpgsqlDbType.Varchar);
                await w.WriteAsync($"A generated product for load tests. Number {n}.", NpgsqlDbType.Varchar);
                await w.WriteAsync(Categories[n % Categories.Length], NpgsqlDbType.Varchar);
                await w.WriteAsync((long)rnd.Next(100, 10_000), NpgsqlDbType.Bigint);
                await w.WriteAsync("EUR", NpgsqlDbType.Char);
                await w.WriteNullAsync();
                await w.WriteAsync(true, NpgsqlDbType.Boolean);
            }
            await w.CompleteAsync();
        }
    }

    private static async Task CopyStockAsync(NpgsqlConnection conn, int stores, int products)
    {
        var rnd = new Random(13);
        var productIds = Enumerable.Range(1, products).Select(Ids.Product).ToArray();
        await using var w = await conn.BeginBinaryImportAsync(
            "COPY store_stock (store_id, product_id, on_hand, reserved) FROM STDIN (FORMAT BINARY)");
        w.Timeout = TimeSpan.FromHours(2);
        for (var n = 1; n <= stores; n++)
        {
            var store = Ids.Store(n);
            foreach (var product in productIds)
            {
                await w.StartRowAsync();
                await w.WriteAsync(store, NpgsqlDbType.Uuid);
                await w.WriteAsync(product, NpgsqlDbType.Uuid);
                await w.WriteAsync(20 + rnd.Next(181), NpgsqlDbType.Integer); // never empty: the uncontended scenario never meets a 409
                await w.WriteAsync(0, NpgsqlDbType.Integer);
            }
            if (n % 100 == 0) Console.WriteLine($"  {n:N0}/{stores:N0} stores of stock");
        }
        // The race's hot SKU: stocked at store 1 only; the bench sets its units before each race.
        await w.StartRowAsync();
        await w.WriteAsync(Ids.HotStore, NpgsqlDbType.Uuid);
        await w.WriteAsync(Ids.HotProduct, NpgsqlDbType.Uuid);
        await w.WriteAsync(100, NpgsqlDbType.Integer);
        await w.WriteAsync(0, NpgsqlDbType.Integer);
        await w.CompleteAsync();
    }

    public static async Task ExecAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }
}

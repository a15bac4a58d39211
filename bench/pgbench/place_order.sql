-- The place-order transaction O2O runs for a one-line guest order (src/O2O.Application/Checkout/PlaceOrderSql.cs,
-- HoldSql.cs), run by pgbench as the raw-SQL ceiling: the same statements in the same two pipelined round trips
-- (Npgsql sends each DbBatch as one pipeline), then COMMIT. Keep it in step with PlaceOrderSql: the bench compares
-- the app against it. Ids follow the bench generator's scheme: store n = 00000000-0000-4000-8000-<n in 12 hex
-- digits>, product n = 00000000-0000-4000-9000-<n in 12 hex digits>. Variables (-D): nstores, nproducts, n (0); order ids are unique per client, per order and
-- per invocation (random_seed).
-- Slot capacity and the pause come from the store row, as in the app. The orders table's NOTIFY trigger fires here
-- too (ADR 42); the bench also runs this script with it disabled, to price it.
\set s random(1, :nstores)
\set p random(1, :nproducts)
\set slot random(0, 95)
\set n :n + 1
\set run mod(:random_seed, 4096)
BEGIN ISOLATION LEVEL READ COMMITTED;
\startpipeline
-- Round trip 1: lock the stock rows in product-id order with their catalog entries; draw the order number.
SELECT s.product_id, p.sku, p.name, p.price_amount, p.price_currency, s.on_hand - s.reserved, p.tax_category, p.category
FROM store_stock AS s JOIN products AS p ON p.id = s.product_id
WHERE s.store_id = ('00000000-0000-4000-8000-' || lpad(to_hex(CAST(:s AS int)), 12, '0'))::uuid
  AND s.product_id = ANY (ARRAY[('00000000-0000-4000-9000-' || lpad(to_hex(CAST(:p AS int)), 12, '0'))::uuid]) AND p.is_active
ORDER BY s.product_id
FOR UPDATE OF s;
SELECT nextval('order_number_seq');
\endpipeline
\startpipeline
-- Round trip 2: one place in the slot, the guarded hold, the order with its line and first status, the hand-over details.
INSERT INTO pickup_slot_bookings AS b (store_id, slot_start, capacity, booked)
SELECT id, date_trunc('day', now()) + interval '2 days' + CAST(:slot AS int) * interval '30 minutes', orders_per_slot, 1
FROM stores WHERE id = ('00000000-0000-4000-8000-' || lpad(to_hex(CAST(:s AS int)), 12, '0'))::uuid AND NOT pickup_paused
ON CONFLICT (store_id, slot_start) DO UPDATE
    SET booked = b.booked + 1, capacity = excluded.capacity
    WHERE b.booked < excluded.capacity
RETURNING booked;
UPDATE store_stock AS s
SET reserved = s.reserved + l.quantity
FROM unnest(ARRAY[('00000000-0000-4000-9000-' || lpad(to_hex(CAST(:p AS int)), 12, '0'))::uuid], ARRAY[1]) AS l(product_id, quantity)
WHERE s.store_id = ('00000000-0000-4000-8000-' || lpad(to_hex(CAST(:s AS int)), 12, '0'))::uuid
  AND s.product_id = l.product_id AND s.on_hand - s.reserved >= l.quantity
RETURNING s.product_id;
-- The app sends the line's values it read in round trip 1; here they come from the catalog row in the statement.
WITH p AS (
    SELECT id, sku, name, price_amount, price_currency, tax_category, category FROM products
    WHERE id = ('00000000-0000-4000-9000-' || lpad(to_hex(CAST(:p AS int)), 12, '0'))::uuid
), o AS (
    INSERT INTO orders (id, number, store_id, status, customer_email, customer_name, customer_phone, user_id,
                        slot_start, slot_end, total_amount, currency, capture_mode, created_at, hold_expires_at,
                        access_token_hash, failed_pickup_attempts, payment_provider, money_back_requested, idempotency_key_hash, culture, collect_now_window,
                        loyalty_points, loyalty_discount_amount, promotion_id, promo_code_id, promo_code, promo_discount_amount)
    SELECT ('b0000000-' || lpad(to_hex(CAST(:client_id AS int)), 4, '0') || '-4000-a' || lpad(to_hex(CAST(:run AS int)), 3, '0') || '-' ||
            lpad(to_hex(CAST(:n AS bigint)), 12, '0'))::uuid,
           currval('order_number_seq')::text,
           ('00000000-0000-4000-8000-' || lpad(to_hex(CAST(:s AS int)), 12, '0'))::uuid, 'PendingPayment',
           'pgbench' || :client_id || '@bench.test', 'pgbench shopper', NULL, NULL,
           date_trunc('day', now()) + interval '2 days' + CAST(:slot AS int) * interval '30 minutes',
           date_trunc('day', now()) + interval '2 days' + (CAST(:slot AS int) + 1) * interval '30 minutes',
           p.price_amount, p.price_currency, 'AtOrder', now(), now() + interval '15 minutes',
           md5(random()::text) || md5(random()::text), 0, 'simulated', false, NULL, 'en', NULL,
           0, 0, NULL, NULL, NULL, 0
    FROM p
    RETURNING id, created_at
), l AS (
    INSERT INTO order_lines (id, order_id, product_id, sku, name, unit_price_amount, currency, quantity, short_quantity,
                             tax_category, vat_rate_basis_points, category, promo_discount_amount)
    SELECT gen_random_uuid(), o.id, p.id, p.sku, p.name, p.price_amount, p.price_currency, 1, 0, p.tax_category, 2000, p.category, 0
    FROM o, p
)
INSERT INTO order_status_changes (order_id, status, at, actor, note)
SELECT id, 'PendingPayment', created_at, 'shopper', NULL FROM o;
WITH c AS (UPDATE orders SET collector_name = NULL::text
           WHERE id = ('b0000000-' || lpad(to_hex(CAST(:client_id AS int)), 4, '0') || '-4000-a' || lpad(to_hex(CAST(:run AS int)), 3, '0') || '-' ||
                       lpad(to_hex(CAST(:n AS bigint)), 12, '0'))::uuid AND NULL::text IS NOT NULL)
UPDATE order_lines AS l SET age_restricted = true
FROM products AS p
WHERE l.order_id = ('b0000000-' || lpad(to_hex(CAST(:client_id AS int)), 4, '0') || '-4000-a' || lpad(to_hex(CAST(:run AS int)), 3, '0') || '-' ||
                    lpad(to_hex(CAST(:n AS bigint)), 12, '0'))::uuid
  AND p.id = l.product_id AND p.age_restricted;
\endpipeline
COMMIT;

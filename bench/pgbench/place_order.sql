-- The reservation transaction O2O issues for a one-line order (src/O2O.Application/Checkout/HoldSql.cs and
-- PlaceOrder.cs), run by pgbench as the raw-SQL ceiling. Ids follow the bench generator's scheme:
-- store n = 00000000-0000-4000-8000-<n in 12 hex digits>, product n = 00000000-0000-4000-9000-<n in 12 hex digits>.
-- Variables (-D): nstores, nproducts. Slot capacity comes from the store row, as in the app.
\set s random(1, :nstores)
\set p random(1, :nproducts)
\set slot random(0, 95)
BEGIN;
-- 1. Lock the stock rows in product-id order, and read what is free.
SELECT product_id, on_hand - reserved AS available
FROM store_stock
WHERE store_id = ('00000000-0000-4000-8000-' || lpad(to_hex(CAST(:s AS int)), 12, '0'))::uuid
  AND product_id = ANY (ARRAY[('00000000-0000-4000-9000-' || lpad(to_hex(CAST(:p AS int)), 12, '0'))::uuid])
ORDER BY product_id
FOR UPDATE;
-- 2. Guarded hold.
UPDATE store_stock AS s
SET reserved = s.reserved + l.quantity
FROM unnest(ARRAY[('00000000-0000-4000-9000-' || lpad(to_hex(CAST(:p AS int)), 12, '0'))::uuid], ARRAY[1]) AS l(product_id, quantity)
WHERE s.store_id = ('00000000-0000-4000-8000-' || lpad(to_hex(CAST(:s AS int)), 12, '0'))::uuid
  AND s.product_id = l.product_id AND s.on_hand - s.reserved >= l.quantity;
-- 3. One place in the slot, only if one is left.
INSERT INTO pickup_slot_bookings AS b (store_id, slot_start, capacity, booked)
SELECT id, date_trunc('day', now()) + interval '2 days' + CAST(:slot AS int) * interval '30 minutes', orders_per_slot, 1
FROM stores WHERE id = ('00000000-0000-4000-8000-' || lpad(to_hex(CAST(:s AS int)), 12, '0'))::uuid
ON CONFLICT (store_id, slot_start) DO UPDATE
    SET booked = b.booked + 1, capacity = excluded.capacity
    WHERE b.booked < excluded.capacity
RETURNING booked;
-- 4. The order, its line (priced from the catalog) and its first history step: one batch, as EF sends it.
WITH p AS (
    SELECT id, sku, name, price_amount, price_currency FROM products
    WHERE id = ('00000000-0000-4000-9000-' || lpad(to_hex(CAST(:p AS int)), 12, '0'))::uuid
), o AS (
    INSERT INTO orders (id, number, store_id, status, customer_email, customer_name, customer_phone, user_id,
                        slot_start, slot_end, total_amount, currency, capture_mode, created_at, hold_expires_at,
                        access_token_hash, pickup_code, failed_pickup_attempts, pickup_locked_until,
                        payment_provider, payment_reference, money_back_requested, refund_reason)
    SELECT gen_random_uuid(), nextval('order_number_seq')::text,
           ('00000000-0000-4000-8000-' || lpad(to_hex(CAST(:s AS int)), 12, '0'))::uuid, 'PendingPayment',
           'pgbench@bench.test', 'pgbench shopper', NULL, NULL,
           date_trunc('day', now()) + interval '2 days' + CAST(:slot AS int) * interval '30 minutes',
           date_trunc('day', now()) + interval '2 days' + (CAST(:slot AS int) + 1) * interval '30 minutes',
           p.price_amount, p.price_currency, 'AtOrder', now(), now() + interval '15 minutes',
           md5(random()::text) || md5(random()::text), NULL, 0, NULL, 'simulated', NULL, false, NULL
    FROM p
    RETURNING id, created_at
), l AS (
    INSERT INTO order_lines (id, order_id, product_id, sku, name, unit_price_amount, currency, quantity, short_quantity)
    SELECT gen_random_uuid(), o.id, p.id, p.sku, p.name, p.price_amount, p.price_currency, 1, 0 FROM o, p
)
INSERT INTO order_status_changes (order_id, status, at, actor, note)
SELECT id, 'PendingPayment', created_at, 'shopper', NULL FROM o;
COMMIT;

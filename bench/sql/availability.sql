-- The availability statement the app sends (src/O2O.Application/Catalog/GetProductAvailability.cs). The app picks
-- the 20 stores nearest the point from its in-memory store directory (ADR 12); the bench passes the 20 stores
-- nearest central Paris as @storeIds. Their stock rows are then read by primary key.
SELECT st.store_id, st.on_hand - st.reserved AS available
FROM products p
LEFT JOIN store_stock st ON st.product_id = p.id AND st.store_id = ANY (@storeIds)
WHERE p.id = @productId AND p.is_active

SELECT s.id AS "Id", s.name AS "Name", s.city AS "City", s.latitude AS "Latitude", s.longitude AS "Longitude", CASE
    WHEN s1.store_id IS NULL OR s1.product_id IS NULL THEN 0
    ELSE s1.on_hand - s1.reserved
END AS "Available"
FROM stores AS s
LEFT JOIN (
    SELECT s0.store_id, s0.product_id, s0.on_hand, s0.reserved, s0.store_id AS store_id0
    FROM store_stock AS s0
    WHERE s0.product_id = @productId
) AS s1 ON s.id = s1.store_id0

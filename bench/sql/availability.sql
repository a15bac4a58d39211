-- The availability query the app sends (src/O2O.Application/Catalog/GetProductAvailability.cs), for a point in
-- central Paris and the default limit of 20: the nearest stores first, then their stock rows by primary key.
SELECT n.id AS store_id, n.name AS store_name, n.city, round(n.km::numeric, 2)::float8 AS distance_km,
       COALESCE(st.on_hand - st.reserved, 0) AS available
FROM (
    SELECT s.id, s.name, s.city,
           2 * 6371.0088 * asin(least(1, sqrt(
               power(sin(radians(s.latitude - 48.8566) / 2), 2) +
               cos(radians(48.8566)) * cos(radians(s.latitude)) *
               power(sin(radians(s.longitude - 2.3522) / 2), 2)))) AS km
    FROM stores s
    ORDER BY km, s.name
    LIMIT 20
) n
LEFT JOIN store_stock st ON st.store_id = n.id AND st.product_id = @productId
ORDER BY n.km, n.name

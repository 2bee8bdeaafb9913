-- name: high_value_products
-- title: High-value products
-- description: Revenue concentration in one tenant's year: the most expensive sales at or above
--   min_price, ranked by price (ties by product id), with the cumulative share of the year's
--   revenue that the sales up to each rank bring in.
-- param: tenant_id string required | Tenant to report on
-- param: year integer default=latest_year min=2000 max=2100 | Year of sold_date (UTC)
-- param: min_price decimal default=1000.00 min=0 | Lowest price listed
-- param: top_n integer default=20 min=1 max=1000 | Sales listed
WITH ranked AS (
  SELECT
    product_id,
    brand,
    category,
    condition,
    sold_price,
    sold_date,
    ROW_NUMBER() OVER (ORDER BY sold_price DESC, product_id) AS price_rank,
    CAST(SUM(sold_price) OVER (
        ORDER BY sold_price DESC, product_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
      AS double)
      / CAST(SUM(sold_price) OVER () AS double) * 100 AS cumulative_revenue_pct
  FROM sales_history
  WHERE tenant_id = ? /* tenant_id */
    AND year = ? /* year */
)
SELECT
  price_rank,
  product_id,
  brand,
  category,
  condition,
  sold_price,
  sold_date,
  cumulative_revenue_pct
FROM ranked
WHERE sold_price >= ? /* min_price */
  AND price_rank <= ? /* top_n */
ORDER BY price_rank

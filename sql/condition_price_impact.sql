-- name: condition_price_impact
-- title: Product condition impact on price
-- description: How condition drives price for one tenant's year: sales, average, minimum and
--   maximum price per condition, each condition's share of sales, and its average price as a
--   percentage of the average price of new_with_tags items.
-- param: tenant_id string required | Tenant to report on
-- param: year integer default=latest_year min=2000 max=2100 | Year of sold_date (UTC)
WITH by_condition AS (
  SELECT
    COALESCE(condition, 'unknown') AS condition,
    COUNT(*) AS sales_count,
    AVG(sold_price) AS avg_price,
    MIN(sold_price) AS min_price,
    MAX(sold_price) AS max_price
  FROM sales_history
  WHERE tenant_id = ? /* tenant_id */
    AND year = ? /* year */
  GROUP BY COALESCE(condition, 'unknown')
)
SELECT
  condition,
  sales_count,
  avg_price,
  min_price,
  max_price,
  CAST(sales_count AS double) / CAST(SUM(sales_count) OVER () AS double) * 100 AS share_of_sales_pct,
  CAST(avg_price AS double)
    / CAST(MAX(CASE WHEN condition = 'new_with_tags' THEN avg_price END) OVER () AS double)
    * 100 AS price_vs_new_pct
FROM by_condition
ORDER BY avg_price DESC, condition

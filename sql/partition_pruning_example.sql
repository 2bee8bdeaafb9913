-- name: partition_pruning_example
-- title: Partition pruning example
-- description: One month of one tenant, by category. The filter on the partition columns year
--   and month lets the engine read only that month's data files (see the bytes and splits
--   scanned in the report statistics); filter on year/month, not on sold_date, in your own
--   queries too.
-- param: tenant_id string required | Tenant to report on
-- param: year integer default=latest_year min=2000 max=2100 | Year of the month
-- param: month integer default=latest_month min=1 max=12 | Month
SELECT
  COALESCE(category, 'unknown') AS category,
  COUNT(*) AS sales_count,
  SUM(sold_price) AS revenue,
  AVG(sold_price) AS avg_price,
  MIN(sold_date) AS first_sale,
  MAX(sold_date) AS last_sale
FROM sales_history
WHERE year = ? /* year */
  AND month = ? /* month */
  AND tenant_id = ? /* tenant_id */
GROUP BY COALESCE(category, 'unknown')
ORDER BY revenue DESC, category

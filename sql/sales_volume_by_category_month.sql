-- name: sales_volume_by_category_month
-- title: Sales volume by category and month
-- description: Seasonal trends per category: number of sales, revenue and average price per
--   category and month of one tenant's year, for a range of months. Sales without a category
--   count as 'unknown'.
-- param: tenant_id string required | Tenant to report on
-- param: year integer default=latest_year min=2000 max=2100 | Year of sold_date (UTC)
-- param: month_from integer default=1 min=1 max=12 | First month, inclusive
-- param: month_to integer default=12 min=1 max=12 | Last month, inclusive
-- schedule: monthly cron(0 7 1 * ? *)
-- chart: line x=month y=revenue series=category
SELECT
  year,
  month,
  COALESCE(category, 'unknown') AS category,
  COUNT(*) AS sales_count,
  SUM(sold_price) AS revenue,
  AVG(sold_price) AS avg_price
FROM sales_history
WHERE tenant_id = ? /* tenant_id */
  AND year = ? /* year */
  AND month BETWEEN ? /* month_from */ AND ? /* month_to */
GROUP BY year, month, COALESCE(category, 'unknown')
ORDER BY month, category

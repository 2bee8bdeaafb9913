-- name: source_comparison
-- title: Data source comparison (smartgo vs carousel)
-- description: Sales, revenue, average price, distinct products and categories per data source
--   for one tenant and a range of months, with each source's share of the revenue.
-- param: tenant_id string required | Tenant to report on
-- param: year integer default=latest_year min=2000 max=2100 | Year of sold_date (UTC)
-- param: month_from integer default=1 min=1 max=12 | First month, inclusive
-- param: month_to integer default=12 min=1 max=12 | Last month, inclusive
-- schedule: monthly cron(0 7 1 * ? *)
-- chart: bar x=source y=revenue
SELECT
  source,
  COUNT(*) AS sales_count,
  SUM(sold_price) AS revenue,
  AVG(sold_price) AS avg_price,
  COUNT(DISTINCT product_id) AS products,
  COUNT(DISTINCT category) AS categories,
  CAST(SUM(sold_price) AS double) / CAST(SUM(SUM(sold_price)) OVER () AS double) * 100
    AS share_of_revenue_pct
FROM sales_history
WHERE tenant_id = ? /* tenant_id */
  AND year = ? /* year */
  AND month BETWEEN ? /* month_from */ AND ? /* month_to */
GROUP BY source
ORDER BY source

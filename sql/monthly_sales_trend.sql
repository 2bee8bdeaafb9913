-- name: monthly_sales_trend
-- title: Monthly sales trend
-- description: Volume and price evolution of one tenant month by month over a range of years:
--   sales, revenue, average price, and the revenue change against the previous month with sales.
-- param: tenant_id string required | Tenant to report on
-- param: year_from integer default=latest_year-1 min=2000 max=2100 | First year, inclusive
-- param: year_to integer default=latest_year min=2000 max=2100 | Last year, inclusive
-- schedule: monthly cron(0 7 1 * ? *)
-- chart: line x=period y=revenue
WITH monthly AS (
  SELECT
    year,
    month,
    COUNT(*) AS sales_count,
    SUM(sold_price) AS revenue,
    AVG(sold_price) AS avg_price
  FROM sales_history
  WHERE tenant_id = ? /* tenant_id */
    AND year BETWEEN ? /* year_from */ AND ? /* year_to */
  GROUP BY year, month
)
SELECT
  CAST(year AS varchar) || '-' || lpad(CAST(month AS varchar), 2, '0') AS period,
  year,
  month,
  sales_count,
  revenue,
  avg_price,
  LAG(revenue) OVER (ORDER BY year, month) AS previous_revenue,
  CAST(revenue - LAG(revenue) OVER (ORDER BY year, month) AS double)
    / CAST(LAG(revenue) OVER (ORDER BY year, month) AS double)
    * 100 AS revenue_change_pct
FROM monthly
ORDER BY year, month

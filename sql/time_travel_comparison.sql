-- name: time_travel_comparison
-- title: Time-travel comparison
-- description: Per month of a year, sales and revenue now against the table as it was at as_of
--   (Iceberg time travel, FOR TIMESTAMP AS OF): what ingestion, corrections and deletions
--   changed since then. as_of must not be older than the oldest snapshot kept (5 days).
-- param: as_of timestamp default=now-1d | Time (UTC) of the earlier state
-- param: year integer default=latest_year min=2000 max=2100 | Year of sold_date (UTC)
-- schedule: daily cron(0 6 * * ? *)
WITH now_state AS (
  SELECT year, month, COUNT(*) AS sales_count, SUM(sold_price) AS revenue
  FROM sales_history
  WHERE year = ? /* year */
  GROUP BY year, month
),
then_state AS (
  SELECT year, month, COUNT(*) AS sales_count, SUM(sold_price) AS revenue
  FROM sales_history FOR TIMESTAMP AS OF ? /* as_of */
  WHERE year = ? /* year */
  GROUP BY year, month
)
SELECT
  COALESCE(n.year, t.year) AS year,
  COALESCE(n.month, t.month) AS month,
  COALESCE(t.sales_count, 0) AS sales_count_then,
  COALESCE(n.sales_count, 0) AS sales_count_now,
  COALESCE(n.sales_count, 0) - COALESCE(t.sales_count, 0) AS sales_count_change,
  COALESCE(t.revenue, 0) AS revenue_then,
  COALESCE(n.revenue, 0) AS revenue_now,
  COALESCE(n.revenue, 0) - COALESCE(t.revenue, 0) AS revenue_change
FROM now_state n
FULL OUTER JOIN then_state t
  ON n.year = t.year
  AND n.month = t.month
ORDER BY year, month

-- name: season_performance
-- title: Season performance
-- description: Q1-Q4 of one tenant's year compared: sales, revenue, average price, each
--   season's share of the year's revenue, and the change against the same season a year before
--   (one scan of the two years, compared with window functions).
-- param: tenant_id string required | Tenant to report on
-- param: year integer default=latest_year min=2001 max=2100 | Year of sold_date (UTC)
-- schedule: monthly cron(0 7 1 * ? *)
-- chart: bar x=season y=revenue,previous_year_revenue
WITH seasons AS (
  SELECT
    year,
    season,
    COUNT(*) AS sales_count,
    SUM(sold_price) AS revenue,
    AVG(sold_price) AS avg_price
  FROM sales_history
  WHERE tenant_id = ? /* tenant_id */
    AND year BETWEEN ? /* year */ - 1 AND ? /* year */
  GROUP BY year, season
),
compared AS (
  SELECT
    year,
    season,
    sales_count,
    revenue,
    avg_price,
    SUM(revenue) OVER (PARTITION BY year) AS year_revenue,
    LAG(revenue) OVER (PARTITION BY season ORDER BY year) AS previous_revenue
  FROM seasons
)
SELECT
  season,
  sales_count,
  revenue,
  avg_price,
  CAST(revenue AS double) / CAST(year_revenue AS double) * 100 AS share_of_year_revenue_pct,
  previous_revenue AS previous_year_revenue,
  CAST(revenue - previous_revenue AS double) / CAST(previous_revenue AS double) * 100
    AS yoy_change_pct
FROM compared
WHERE year = ? /* year */
ORDER BY season

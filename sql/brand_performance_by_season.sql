-- name: brand_performance_by_season
-- title: Brand performance per season
-- description: The top brands of each season (quarter) of one tenant's year, ranked by revenue
--   (ties by brand name), with their number of sales and average price.
-- param: tenant_id string required | Tenant to report on
-- param: year integer default=latest_year min=2000 max=2100 | Year of sold_date (UTC)
-- param: top_n integer default=5 min=1 max=100 | Brands listed per season
-- schedule: monthly cron(0 7 1 * ? *)
WITH brand_season AS (
  SELECT
    season,
    brand,
    COUNT(*) AS sales_count,
    SUM(sold_price) AS revenue,
    AVG(sold_price) AS avg_price
  FROM sales_history
  WHERE tenant_id = ? /* tenant_id */
    AND year = ? /* year */
    AND brand IS NOT NULL
  GROUP BY season, brand
),
ranked AS (
  SELECT
    season,
    brand,
    sales_count,
    revenue,
    avg_price,
    ROW_NUMBER() OVER (PARTITION BY season ORDER BY revenue DESC, brand) AS brand_rank
  FROM brand_season
)
SELECT season, brand_rank, brand, sales_count, revenue, avg_price
FROM ranked
WHERE brand_rank <= ? /* top_n */
ORDER BY season, brand_rank

-- name: price_distribution_by_category
-- title: Price distribution by category
-- description: Exact price quartiles (nearest-rank method) per category for one tenant's year:
--   minimum, 25th percentile, median, 75th percentile, maximum and interquartile range. Exact
--   rather than approx_percentile, so that a report can be reproduced to the cent.
-- param: tenant_id string required | Tenant to report on
-- param: year integer default=latest_year min=2000 max=2100 | Year of sold_date (UTC)
WITH prices AS (
  SELECT
    COALESCE(category, 'unknown') AS category,
    array_sort(array_agg(sold_price)) AS sorted,
    COUNT(*) AS n
  FROM sales_history
  WHERE tenant_id = ? /* tenant_id */
    AND year = ? /* year */
  GROUP BY COALESCE(category, 'unknown')
),
quartiles AS (
  SELECT
    category,
    n,
    element_at(sorted, 1) AS min_price,
    element_at(sorted, CAST(ceil(0.25E0 * n) AS integer)) AS p25_price,
    element_at(sorted, CAST(ceil(0.5E0 * n) AS integer)) AS median_price,
    element_at(sorted, CAST(ceil(0.75E0 * n) AS integer)) AS p75_price,
    element_at(sorted, CAST(n AS integer)) AS max_price
  FROM prices
)
SELECT
  category,
  n AS sales_count,
  min_price,
  p25_price,
  median_price,
  p75_price,
  max_price,
  p75_price - p25_price AS iqr
FROM quartiles
ORDER BY category

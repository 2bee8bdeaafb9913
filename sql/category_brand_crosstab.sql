-- name: category_brand_crosstab
-- title: Category x brand cross-tab
-- description: Brand performance within each category for one tenant's year: sales, revenue,
--   average price and the brand's share of the category's revenue, for brands with at least
--   min_sales sales in the category (shares are of the whole category).
-- param: tenant_id string required | Tenant to report on
-- param: year integer default=latest_year min=2000 max=2100 | Year of sold_date (UTC)
-- param: min_sales integer default=5 min=1 | Smallest number of sales a cell needs to be listed
WITH cells AS (
  SELECT
    category,
    brand,
    COUNT(*) AS sales_count,
    SUM(sold_price) AS revenue,
    AVG(sold_price) AS avg_price
  FROM sales_history
  WHERE tenant_id = ? /* tenant_id */
    AND year = ? /* year */
    AND category IS NOT NULL
    AND brand IS NOT NULL
  GROUP BY category, brand
),
shares AS (
  SELECT
    category,
    brand,
    sales_count,
    revenue,
    avg_price,
    CAST(revenue AS double) / CAST(SUM(revenue) OVER (PARTITION BY category) AS double) * 100
      AS share_of_category_revenue_pct
  FROM cells
)
SELECT category, brand, sales_count, revenue, avg_price, share_of_category_revenue_pct
FROM shares
WHERE sales_count >= ? /* min_sales */
ORDER BY category, revenue DESC, brand

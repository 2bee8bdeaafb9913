-- name: data_quality_check
-- title: Data quality check
-- description: Missing values and anomalies in sales_history over a range of years, one row per
--   check with the number and percentage of failing rows: missing optional columns, embeddings
--   of the wrong length, non-positive or implausibly high prices, seasons or partitions that do
--   not match sold_date, unknown sources, sales in the future and duplicate sale keys.
-- param: year_from integer default=latest_year-1 min=2000 max=2100 | First year, inclusive
-- param: year_to integer default=latest_year min=2000 max=2100 | Last year, inclusive
-- param: max_plausible_price decimal default=20000.00 min=0 | Prices above this count as anomalies
-- schedule: daily cron(0 6 * * ? *)
WITH counts AS (
  SELECT
    COUNT(*) AS total_rows,
    COUNT_IF(category IS NULL) AS missing_category,
    COUNT_IF(brand IS NULL) AS missing_brand,
    COUNT_IF(condition IS NULL) AS missing_condition,
    COUNT_IF(description IS NULL) AS missing_description,
    COUNT_IF(image_s3_key IS NULL) AS missing_image,
    COUNT_IF(embedding IS NULL) AS missing_embedding,
    COUNT_IF(embedding IS NOT NULL AND cardinality(embedding) <> 1024) AS bad_embedding_length,
    COUNT_IF(sold_price <= 0) AS non_positive_price,
    COUNT_IF(season <> 'Q' || CAST(quarter(sold_date) AS varchar)) AS season_mismatch,
    COUNT_IF(year <> year(sold_date) OR month <> month(sold_date)) AS partition_mismatch,
    COUNT_IF(source NOT IN ('smartgo', 'carousel')) AS unknown_source,
    COUNT_IF(sold_date > CAST(current_timestamp AS timestamp(6))) AS future_sale,
    COUNT(*) - COUNT(DISTINCT tenant_id || '/' || product_id) AS duplicate_key
  FROM sales_history
  WHERE year BETWEEN ? /* year_from */ AND ? /* year_to */
),
-- Athena takes parameters only in a WHERE clause, so the threshold filters its own count here.
implausible AS (
  SELECT COUNT(*) AS implausible_price
  FROM sales_history
  WHERE year BETWEEN ? /* year_from */ AND ? /* year_to */
    AND sold_price > ? /* max_plausible_price */
)
SELECT
  check_name,
  failing_rows,
  total_rows,
  CASE
    WHEN total_rows = 0 THEN 0.0E0
    ELSE CAST(failing_rows AS double) / CAST(total_rows AS double) * 100
  END AS failing_pct
FROM counts
CROSS JOIN implausible
CROSS JOIN UNNEST(
  ARRAY[
    'missing_category', 'missing_brand', 'missing_condition', 'missing_description',
    'missing_image', 'missing_embedding', 'bad_embedding_length', 'non_positive_price',
    'implausible_price', 'season_mismatch', 'partition_mismatch', 'unknown_source',
    'future_sale', 'duplicate_key'],
  ARRAY[
    missing_category, missing_brand, missing_condition, missing_description,
    missing_image, missing_embedding, bad_embedding_length, non_positive_price,
    implausible_price, season_mismatch, partition_mismatch, unknown_source,
    future_sale, duplicate_key]
) AS checks (check_name, failing_rows)
ORDER BY check_name

-- name: files_per_partition
-- title: Files per partition (small-file check)
-- description: Data files, records and bytes per year/month partition (Iceberg "$partitions"
--   metadata table), the average file size, and whether the partition needs compaction: more
--   than one file with an average below small_file_bytes. Streaming commits write small files;
--   many of them slow every query down.
-- param: small_file_bytes integer default=33554432 min=1 | Average file size (bytes) below which a partition with several files needs compaction
-- param: year_from integer default=2000 min=1970 max=2100 | First year listed, inclusive
-- param: year_to integer default=2100 min=1970 max=2100 | Last year listed, inclusive
-- schedule: daily cron(0 6 * * ? *)
WITH needing_compaction AS (
  -- Athena takes parameters only in a WHERE clause, so the small-file test is a filter here.
  SELECT "partition".year AS year, "partition".month AS month
  FROM "sales_history$partitions"
  WHERE file_count > 1 AND total_size / file_count < ? /* small_file_bytes */
)
SELECT
  p."partition".year AS year,
  p."partition".month AS month,
  p.file_count,
  p.record_count,
  p.total_size AS total_bytes,
  p.total_size / p.file_count AS avg_file_bytes,
  n.year IS NOT NULL AS needs_compaction
FROM "sales_history$partitions" p
LEFT JOIN needing_compaction n
  ON n.year = p."partition".year AND n.month = p."partition".month
WHERE p."partition".year BETWEEN ? /* year_from */ AND ? /* year_to */
ORDER BY year, month

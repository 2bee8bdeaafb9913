-- name: table_snapshots
-- title: Table snapshots
-- description: The latest snapshots of sales_history (Iceberg "$snapshots" metadata table), one
--   per ETL commit or maintenance job: operation, records and files added and removed, and the
--   table's totals after it. Shows whether ingestion is committing and how the table grows.
-- param: top_n integer default=20 min=1 max=1000 | Snapshots listed, newest first
-- schedule: daily cron(0 6 * * ? *)
WITH snapshots AS (
  SELECT
    committed_at,
    snapshot_id,
    parent_id,
    operation,
    summary,
    ROW_NUMBER() OVER (ORDER BY committed_at DESC, snapshot_id) AS entry
  FROM "sales_history$snapshots"
)
SELECT
  committed_at,
  snapshot_id,
  parent_id,
  operation,
  CAST(element_at(summary, 'added-records') AS bigint) AS added_records,
  CAST(element_at(summary, 'deleted-records') AS bigint) AS deleted_records,
  CAST(element_at(summary, 'added-data-files') AS bigint) AS added_data_files,
  CAST(element_at(summary, 'added-delete-files') AS bigint) AS added_delete_files,
  CAST(element_at(summary, 'total-records') AS bigint) AS total_records,
  CAST(element_at(summary, 'total-data-files') AS bigint) AS total_data_files,
  CAST(element_at(summary, 'total-delete-files') AS bigint) AS total_delete_files
FROM snapshots
WHERE entry <= ? /* top_n */
ORDER BY committed_at DESC, snapshot_id

-- name: table_history
-- title: Table history
-- description: The latest changes of the current table state (Iceberg "$history" metadata
--   table): when each snapshot became current, its parent, and whether it is an ancestor of the
--   current snapshot (false after a rollback).
-- param: top_n integer default=20 min=1 max=1000 | Entries listed, newest first
WITH entries AS (
  SELECT
    made_current_at,
    snapshot_id,
    parent_id,
    is_current_ancestor,
    ROW_NUMBER() OVER (ORDER BY made_current_at DESC, snapshot_id) AS entry
  FROM "sales_history$history"
)
SELECT made_current_at, snapshot_id, parent_id, is_current_ancestor
FROM entries
WHERE entry <= ? /* top_n */
ORDER BY made_current_at DESC, snapshot_id

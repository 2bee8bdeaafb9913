-- name: errors_by_reason
-- title: Rejected records by reason
-- description: Stream records the ETL rejected (sales_history_errors) between two days, per
--   reason code: how many, how many tenants they touch, how many had no readable key, when the
--   first and last arrived, and one sample message. Nothing rejected is dropped silently.
-- param: since date default=today-7d | First day, inclusive (UTC)
-- param: until date default=today+1d | Last day, exclusive (UTC)
-- schedule: daily cron(0 6 * * ? *)
SELECT
  reason,
  COUNT(*) AS error_count,
  COUNT(DISTINCT tenant_id) AS tenants,
  COUNT_IF(tenant_id IS NULL OR product_id IS NULL) AS without_key,
  MIN(error_time) AS first_seen,
  MAX(error_time) AS last_seen,
  MIN(message) AS sample_message
FROM sales_history_errors
WHERE error_time >= ? /* since */
  AND error_time < ? /* until */
GROUP BY reason
ORDER BY error_count DESC, reason

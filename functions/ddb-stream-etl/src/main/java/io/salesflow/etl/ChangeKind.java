package io.salesflow.etl;

/** What one decoded stream record asks of the table. */
enum ChangeKind {
  /** INSERT or MODIFY: the new image is the key's current state. */
  UPSERT,
  /** A user REMOVE: the key no longer exists. */
  DELETE,
  /** A REMOVE made by DynamoDB TTL: history is kept, the table is not changed (upsert mode). */
  TTL_REMOVE
}

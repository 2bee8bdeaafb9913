package io.salesflow.etl;

/** How upsert mode deletes the rows a change replaces or removes. */
public enum DeleteMode {
  /**
   * Default. The ETL finds each key's live rows in the table itself ({@link KeyLookup}) and deletes
   * them by position (data file and row position). The table carries no equality deletes, so every
   * Iceberg v2 reader (Athena, Trino, Spark, Snowflake, DuckDB) reads it, at no merge cost.
   */
  POSITION,
  /**
   * Equality deletes on the key, in every partition the images name (or the file statistics suggest
   * when an old image is missing). Writes need no lookup, but every reader pays to apply them until
   * compaction, and some engines (Snowflake) refuse tables that have them.
   */
  EQUALITY
}

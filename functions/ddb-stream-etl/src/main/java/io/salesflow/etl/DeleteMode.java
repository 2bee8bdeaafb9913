package io.salesflow.etl;

/** How upsert mode deletes the rows a change replaces or removes. */
public enum DeleteMode {
  /**
   * The default. The ETL finds each key's live rows in the table itself ({@link KeyLookup}) and
   * deletes them by position (data file and row position), under a per-key order guard. The table
   * carries no equality deletes, so every Iceberg v2 reader (Athena, Trino, Spark, Snowflake,
   * DuckDB) reads it, and reads it faster.
   */
  POSITION,
  /**
   * Opt-in ({@code ETL_DELETE_MODE=equality}). Equality deletes on the key, in every partition the
   * images name (or the file statistics suggest when an old image is missing). Writes need no
   * lookup, but every reader pays to apply them until compaction, some engines (Snowflake) refuse
   * tables that have them, a rejected image can leave a key with two rows, and nothing orders a
   * replayed older change behind a newer one.
   */
  EQUALITY
}

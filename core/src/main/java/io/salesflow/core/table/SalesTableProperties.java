package io.salesflow.core.table;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.TableProperties;

/**
 * Table properties shared by the salesflow tables. Each value is chosen for a streaming writer that
 * commits once per DynamoDB stream batch from several shards at once and for Athena readers.
 */
public final class SalesTableProperties {

  /** Iceberg format version: v2 is required for equality deletes (upserts). */
  public static final int FORMAT_VERSION = 2;

  /** Target data file size: 128 MiB, Athena's sweet spot after compaction. */
  public static final long TARGET_FILE_SIZE_BYTES = 128L * 1024 * 1024;

  /**
   * Commit retries: several shards commit concurrently, each retry re-applies the batch's files on
   * the new snapshot (no data is rewritten), so retrying often is cheap.
   */
  public static final int COMMIT_NUM_RETRIES = 10;

  /** Snapshots younger than this are kept by snapshot expiry: 5 days of time travel. */
  public static final long MAX_SNAPSHOT_AGE_MS = 5L * 24 * 60 * 60 * 1000;

  /** Metadata files kept after commits; older ones are deleted by the commit itself. */
  public static final int PREVIOUS_METADATA_VERSIONS_MAX = 100;

  private SalesTableProperties() {}

  /** The properties every salesflow table gets. */
  public static Map<String, String> common() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
    // Iceberg's default Parquet codec is zstd; the product promises Snappy.
    props.put(TableProperties.PARQUET_COMPRESSION, "snappy");
    props.put(TableProperties.DELETE_PARQUET_COMPRESSION, "snappy");
    props.put(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(TARGET_FILE_SIZE_BYTES));
    props.put(TableProperties.METADATA_COMPRESSION, "gzip");
    props.put(TableProperties.COMMIT_NUM_RETRIES, Integer.toString(COMMIT_NUM_RETRIES));
    props.put(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "100");
    props.put(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "10000");
    props.put(TableProperties.COMMIT_TOTAL_RETRY_TIME_MS, "120000");
    props.put(TableProperties.MAX_SNAPSHOT_AGE_MS, Long.toString(MAX_SNAPSHOT_AGE_MS));
    props.put(TableProperties.MIN_SNAPSHOTS_TO_KEEP, "100");
    props.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    props.put(
        TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
        Integer.toString(PREVIOUS_METADATA_VERSIONS_MAX));
    // Row-level changes arrive per stream batch: write delete files, never rewrite data files.
    props.put(TableProperties.DELETE_MODE, "merge-on-read");
    props.put(TableProperties.UPDATE_MODE, "merge-on-read");
    props.put(TableProperties.MERGE_MODE, "merge-on-read");
    props.put(TableProperties.DELETE_DISTRIBUTION_MODE, "hash");
    // Bloom filters (on the key columns, per table) sized to each file's distinct values: without
    // this, Parquet gives every column filter its maximum size (1 MB) whatever the file holds, so
    // a stream batch's 10-row file weighed ~1 MB. Adaptive: the smallest of 5 candidate sizes
    // that holds the file's distinct values, 16 to 256 KB.
    props.put(TableProperties.PARQUET_BLOOM_FILTER_ADAPTIVE_ENABLED, "true");
    props.put(TableProperties.PARQUET_BLOOM_FILTER_MAX_BYTES, Integer.toString(256 * 1024));
    // Keep the year=/month= layout readable and addressable by the lifecycle rules.
    props.put(TableProperties.OBJECT_STORE_ENABLED, "false");
    return props;
  }
}

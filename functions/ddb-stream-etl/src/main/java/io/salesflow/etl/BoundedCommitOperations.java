package io.salesflow.etl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * A view of a table whose commits retry conflicts only within a time budget. Iceberg's snapshot
 * producers read their retry settings ({@code commit.retry.*}) once, from the metadata the
 * operations report as current when the update is created; this wrapper reports that metadata with
 * the total retry time and the longest wait bounded by the budget. Everything else, refreshes and
 * the commit itself included, goes to the real operations, so nothing of the override is ever
 * written: a REST commit sends only the update's own changes.
 */
final class BoundedCommitOperations implements TableOperations {

  private final TableOperations delegate;
  private final Map<String, String> overrides;

  private BoundedCommitOperations(TableOperations delegate, Map<String, String> overrides) {
    this.delegate = delegate;
    this.overrides = overrides;
  }

  /**
   * The table, seen through operations whose commit retries stop within {@code budgetMillis}: the
   * retry loop gives up after half the budget and never sleeps longer than a quarter of it, so the
   * last attempt still ends inside the budget when each call is bounded by the client's timeouts.
   */
  static Table view(Table table, long budgetMillis) {
    if (!(table instanceof HasTableOperations withOps)) {
      return table;
    }
    TableOperations ops = withOps.operations();
    Map<String, String> properties = ops.current().properties();
    long total = Math.max(1, budgetMillis / 2);
    long maxWait = Math.max(1, budgetMillis / 4);
    long configuredTotal =
        Long.parseLong(
            properties.getOrDefault(
                TableProperties.COMMIT_TOTAL_RETRY_TIME_MS,
                String.valueOf(TableProperties.COMMIT_TOTAL_RETRY_TIME_MS_DEFAULT)));
    long configuredMaxWait =
        Long.parseLong(
            properties.getOrDefault(
                TableProperties.COMMIT_MAX_RETRY_WAIT_MS,
                String.valueOf(TableProperties.COMMIT_MAX_RETRY_WAIT_MS_DEFAULT)));
    long configuredMinWait =
        Long.parseLong(
            properties.getOrDefault(
                TableProperties.COMMIT_MIN_RETRY_WAIT_MS,
                String.valueOf(TableProperties.COMMIT_MIN_RETRY_WAIT_MS_DEFAULT)));
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put(
        TableProperties.COMMIT_TOTAL_RETRY_TIME_MS,
        Long.toString(Math.min(configuredTotal, total)));
    long boundedMaxWait = Math.min(configuredMaxWait, maxWait);
    overrides.put(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, Long.toString(boundedMaxWait));
    overrides.put(
        TableProperties.COMMIT_MIN_RETRY_WAIT_MS,
        Long.toString(Math.min(configuredMinWait, boundedMaxWait)));
    BoundedCommitOperations bounded = new BoundedCommitOperations(ops, overrides);
    // Keep the table's metrics reporter: commit reports (attempts) must still reach it.
    return table instanceof BaseTable base
        ? new BaseTable(bounded, table.name(), base.reporter())
        : new BaseTable(bounded, table.name());
  }

  /** The retry settings this view reports, for tests and logs. */
  Map<String, String> overrides() {
    return Map.copyOf(overrides);
  }

  private TableMetadata seen;
  private TableMetadata reported;

  /**
   * The real current metadata with the bounded retry settings; rebuilt only when the real one
   * changes (a commit asks for it many times, and rebuilding metadata with hundreds of snapshots is
   * not free).
   */
  @Override
  public synchronized TableMetadata current() {
    TableMetadata real = delegate.current();
    if (real == null) {
      return null;
    }
    if (real != seen) {
      reported = TableMetadata.buildFrom(real).setProperties(overrides).build();
      seen = real;
    }
    return reported;
  }

  @Override
  public TableMetadata refresh() {
    return delegate.refresh();
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    delegate.commit(base, metadata);
  }

  @Override
  public FileIO io() {
    return delegate.io();
  }

  @Override
  public EncryptionManager encryption() {
    return delegate.encryption();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return delegate.metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return delegate.locationProvider();
  }

  @Override
  public TableOperations temp(TableMetadata uncommittedMetadata) {
    return delegate.temp(uncommittedMetadata);
  }

  @Override
  public long newSnapshotId() {
    return delegate.newSnapshotId();
  }

  @Override
  public boolean requireStrictCleanup() {
    return delegate.requireStrictCleanup();
  }
}

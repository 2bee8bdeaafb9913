package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Snapshot expiry by the table's properties, and orphan removal with its safety window. */
@ExtendWith(LocalStackExtension.class)
class ExpiryAndOrphansIT {

  private static final List<YearMonth> MONTHS =
      List.of(YearMonth.of(2025, 5), YearMonth.of(2025, 6));

  private final LocalStack stack;

  ExpiryAndOrphansIT(LocalStack stack) {
    this.stack = stack;
  }

  @Test
  void expiry_keepsSnapshotsYoungerThanMaxAge_andAlwaysTheMinimumCount() {
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "expiry_it", MONTHS)) {
      // given: 12 snapshots; keep 1 hour of history but at least 4 snapshots
      table.ingest(12, 3);
      table
          .table()
          .updateProperties()
          .set(TableProperties.MAX_SNAPSHOT_AGE_MS, Long.toString(Duration.ofHours(1).toMillis()))
          .set(TableProperties.MIN_SNAPSHOTS_TO_KEEP, "4")
          .commit();
      List<Long> history = snapshotIds(table.table());
      List<String> rows = table.rows();
      Map<String, String> expire = Map.of(MaintenanceConfig.TASKS, "expire");

      // when: now (all younger than an hour), then two hours later
      MaintenanceReport now =
          table
              .service(Clock.systemUTC(), expire)
              .run(MaintenanceRequest.defaults(), RunBudget.unlimited());
      MaintenanceReport later =
          table
              .service(Clock.offset(Clock.systemUTC(), Duration.ofHours(2)), expire)
              .run(MaintenanceRequest.defaults(), RunBudget.unlimited());

      // then
      assertThat(history).hasSize(12);
      assertThat(now.count(MaintenanceReport.SNAPSHOTS_EXPIRED)).isZero();
      assertThat(later.count(MaintenanceReport.SNAPSHOTS_EXPIRED)).isEqualTo(8);
      assertThat(later.count(MaintenanceReport.FILES_EXPIRED)).isPositive();
      assertThat(snapshotIds(table.table())).isEqualTo(history.subList(8, 12));
      assertThat(table.rows()).isEqualTo(rows);
      assertEveryReachableFileExists(table.table());
    }
  }

  @Test
  void orphanRemoval_deletesOnlyUnreferencedFiles_olderThanTheSafetyWindow() {
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "orphans_it", MONTHS)) {
      // given: compacted small files (now read only by older snapshots) and two orphans
      table.ingest(10, 3);
      Table t = table.table();
      long firstSnapshot = snapshotIds(t).get(0);
      List<String> firstRows = rowsAt(t, firstSnapshot);
      table
          .service(Clock.systemUTC(), Map.of(MaintenanceConfig.TASKS, "compact"))
          .run(MaintenanceRequest.defaults(), RunBudget.unlimited());
      List<String> rows = table.rows();
      String base = t.location();
      List<String> orphans =
          List.of(
              base + "/data/year=2025/month=5/00000-0-orphan-from-a-failed-write.parquet",
              base + "/metadata/orphan-manifest.avro");
      orphans.forEach(o -> write(t, o));
      Map<String, String> orphansOnly = Map.of(MaintenanceConfig.TASKS, "orphans");

      // when: one day later (inside the 3-day window), then four days later
      MaintenanceReport inWindow =
          table
              .service(Clock.offset(Clock.systemUTC(), Duration.ofDays(1)), orphansOnly)
              .run(MaintenanceRequest.defaults(), RunBudget.unlimited());
      boolean keptInWindow = orphans.stream().allMatch(o -> t.io().newInputFile(o).exists());
      MaintenanceReport afterWindow =
          table
              .service(Clock.offset(Clock.systemUTC(), Duration.ofDays(4)), orphansOnly)
              .run(MaintenanceRequest.defaults(), RunBudget.unlimited());

      // then
      assertThat(inWindow.count(MaintenanceReport.ORPHANS_REMOVED)).isZero();
      assertThat(keptInWindow).isTrue();
      assertThat(afterWindow.count(MaintenanceReport.ORPHANS_REMOVED)).isEqualTo(2);
      assertThat(orphans).noneMatch(o -> t.io().newInputFile(o).exists());
      assertEveryReachableFileExists(table.table());
      assertThat(table.rows()).isEqualTo(rows);
      assertThat(rowsAt(table.table(), firstSnapshot)).isEqualTo(firstRows);
    }
  }

  private static void assertEveryReachableFileExists(Table table) {
    Set<String> reachable = ReachableFiles.of(table);
    assertThat(reachable).isNotEmpty();
    List<String> missing = new ArrayList<>();
    reachable.forEach(
        f -> {
          if (!table.io().newInputFile(f).exists()) {
            missing.add(f);
          }
        });
    assertThat(missing).as("referenced files that are gone").isEmpty();
  }

  private static List<Long> snapshotIds(Table table) {
    table.refresh();
    return StreamSupport.stream(table.snapshots().spliterator(), false)
        .map(Snapshot::snapshotId)
        .toList();
  }

  private static List<String> rowsAt(Table table, long snapshotId) {
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> it =
        IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      it.forEach(r -> rows.add(r.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(null);
    return rows;
  }

  private static void write(Table table, String location) {
    try (OutputStream out = table.io().newOutputFile(location).createOrOverwrite()) {
      out.write("not referenced by any snapshot".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.core.table.SalesHistoryTombstonesTable;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Archival of months older than the active window, restore of one month, and the restore pin that
 * keeps a restored month live.
 */
@ExtendWith(LocalStackExtension.class)
class ArchiveRestoreIT {

  private static final Clock JUNE_2025 =
      Clock.fixed(Instant.parse("2025-06-20T03:00:00Z"), ZoneOffset.UTC);
  private static final MonthPartition JAN_2023 = new MonthPartition(2023, 1);
  private static final MonthPartition FEB_2023 = new MonthPartition(2023, 2);
  private static final MonthPartition MAY_2025 = new MonthPartition(2025, 5);

  private final LocalStack stack;

  ArchiveRestoreIT(LocalStack stack) {
    this.stack = stack;
  }

  @Test
  void archiveThenRestore_returnsTheSameRows_andTheLiveTableNeverReferencesTheArchive() {
    List<YearMonth> months =
        List.of(JAN_2023.yearMonth(), FEB_2023.yearMonth(), MAY_2025.yearMonth());
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "archive_it", months)) {
      // given: upserts and removes in two old months and a recent one (deletes still pending)
      table.ingest(30, 3);
      List<String> january = MaintenanceFixture.rows(table.table(), JAN_2023.filter());
      List<String> february = MaintenanceFixture.rows(table.table(), FEB_2023.filter());
      List<String> may = MaintenanceFixture.rows(table.table(), MAY_2025.filter());
      assertThat(PartitionFiles.current(table.table(), JAN_2023).hasDeletes()).isTrue();
      MaintenanceService service =
          table.service(JUNE_2025, Map.of(MaintenanceConfig.TASKS, "archive"));

      // when: archive (two-year window), then restore January
      MaintenanceReport report = service.run(MaintenanceRequest.defaults(), RunBudget.unlimited());
      Table archived = table.table();
      List<DataFile> liveAfterArchive = liveFiles(archived);
      List<String> januaryWhileArchived = MaintenanceFixture.rows(archived, JAN_2023.filter());
      List<ArchiveManifest> restored = service.restore(JAN_2023).archives();

      // then: the two old months left the live table in one commit each, into the archive
      assertThat(report.count(MaintenanceReport.PARTITIONS_ARCHIVED)).isEqualTo(2);
      assertThat(report.count(MaintenanceReport.ROWS_ARCHIVED))
          .isEqualTo(january.size() + february.size());
      assertThat(januaryWhileArchived).isEmpty();
      assertThat(liveAfterArchive)
          .allSatisfy(
              f -> {
                assertThat(MonthPartition.of(f.partition())).isEqualTo(MAY_2025);
                assertThat(f.location())
                    .startsWith(archived.location())
                    .doesNotContain("/archive/");
              });
      assertThat(MaintenanceFixture.rows(archived, MAY_2025.filter())).isEqualTo(may);
      // the archive manifest says what moved, and the files are there
      assertThat(restored).hasSize(1);
      ArchiveManifest manifest = restored.get(0);
      assertThat(manifest.partition()).isEqualTo(JAN_2023);
      assertThat(manifest.records()).isEqualTo(january.size());
      assertThat(manifest.files())
          .allSatisfy(
              f -> assertThat(f.archive()).startsWith("s3://" + stack.bucket() + "/archive/"));
      assertThat(archiveObjects(archived)).anyMatch(l -> l.endsWith(ArchiveManifest.FILE));
      // restore brought back exactly January's rows, into the table's own location
      Table after = table.table();
      assertThat(MaintenanceFixture.rows(after, JAN_2023.filter())).isEqualTo(january);
      assertThat(MaintenanceFixture.rows(after, FEB_2023.filter())).isEmpty();
      assertThat(liveFiles(after))
          .allSatisfy(f -> assertThat(f.location()).doesNotContain("/archive/"));
      // and only once
      assertThatThrownBy(() -> service.restore(JAN_2023))
          .isInstanceOf(MaintenanceException.class)
          .hasMessageContaining("no archive of it waiting")
          .hasMessageContaining("1 already restored");
      assertThatThrownBy(() -> service.restore(MAY_2025))
          .isInstanceOf(MaintenanceException.class)
          .hasMessageContaining("Cannot restore");
    }
  }

  @Test
  void changesAfterArchival_areNeverUndoneByTheRestore_evenOnceTheirTombstonesAreDaysOld() {
    List<YearMonth> months = List.of(JAN_2023.yearMonth(), MAY_2025.yearMonth());
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "archive_changes_it", months)) {
      // given: January 2023 archived
      table.ingest(20, 4);
      MaintenanceService service =
          table.service(JUNE_2025, Map.of(MaintenanceConfig.TASKS, "archive"));
      service.run(MaintenanceRequest.defaults(), RunBudget.unlimited());
      assertThat(MaintenanceFixture.rows(table.table(), JAN_2023.filter())).isEmpty();
      assertThat(table.table().properties())
          .containsEntry(SalesHistoryTombstonesTable.KEEP_PROPERTY, "true");
      List<String> january = table.stream.keysIn(JAN_2023.yearMonth());
      assertThat(january).hasSizeGreaterThanOrEqualTo(5);

      // when: the stream then changes archived keys: one stays in January with a new price, one
      // moves to May, one is removed, one moves to May and is then removed
      String stays = january.get(0);
      String moves = january.get(1);
      String removed = january.get(2);
      String movesThenRemoved = january.get(3);
      table.ingestAt(
          Clock.systemUTC(),
          List.of(
              table.stream.change(stays, "111.11", "2023-01-15T10:00:00Z"),
              table.stream.change(moves, "222.22", "2025-05-15T10:00:00Z"),
              table.stream.remove(removed),
              table.stream.change(movesThenRemoved, "333.33", "2025-05-16T10:00:00Z")));
      table.ingestAt(Clock.systemUTC(), List.of(table.stream.remove(movesThenRemoved)));
      // ...a container ten days later runs its tombstone upkeep: months are archived, so it
      // keeps them (it would drop days older than 48 hours otherwise)
      Clock tenDaysLater = Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(10));
      String may = table.stream.keysIn(MAY_2025.yearMonth()).get(0);
      table.ingestAt(
          tenDaysLater, List.of(table.stream.change(may, "444.44", "2025-05-20T10:00:00Z")));
      // ...January's new row is archived in turn (a restore waits for the live month to leave)
      service.run(MaintenanceRequest.defaults(), RunBudget.unlimited());
      RestoredMonth restored = service.restore(JAN_2023);

      // then: every key as DynamoDB holds it, one row each, nothing replaced or removed is back
      assertThat(restored.archives()).hasSize(2);
      assertThat(restored.superseded()).isEqualTo(4);
      assertThat(table.keysAndPrices()).isEqualTo(table.expectedKeysAndPrices());
      assertThat(table.keysAndPrices())
          .containsEntry(stays, "111.11")
          .containsEntry(moves, "222.22")
          .doesNotContainKeys(removed, movesThenRemoved);
    }
  }

  @Test
  void restoredMonth_staysLiveWhilePinned_andIsArchivedAgainOnceThePinExpires() {
    List<YearMonth> months = List.of(JAN_2023.yearMonth(), MAY_2025.yearMonth());
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "pin_it", months)) {
      // given: January archived by a nightly run, then restored with a 10-day pin
      table.ingest(10, 3);
      List<String> january = MaintenanceFixture.rows(table.table(), JAN_2023.filter());
      List<String> may = MaintenanceFixture.rows(table.table(), MAY_2025.filter());
      assertThat(nightly(table, JUNE_2025).count(MaintenanceReport.PARTITIONS_ARCHIVED))
          .isEqualTo(1);
      String beforeRestore = metadataLocation(table.table());
      RestoredMonth restored = service(table, JUNE_2025).restore(JAN_2023, 10);
      Table afterRestore = table.table();

      // when: nightly runs a day later (pin holds), then eleven days later (pin expired)
      MaintenanceReport pinnedRun = nightly(table, later(1));
      List<String> januaryWhilePinned = MaintenanceFixture.rows(table.table(), JAN_2023.filter());
      String beforeExpiredRun = metadataLocation(table.table());
      MaintenanceReport expiredRun = nightly(table, later(11));
      Table afterExpiry = table.table();

      // then: the restore re-added the rows and set the pin in one commit
      Instant until = JUNE_2025.instant().plus(Duration.ofDays(10));
      String pin = "salesflow.archive.pinned.2023-01";
      assertThat(restored.pinnedUntil()).isEqualTo(until);
      assertThat(restored.records()).isEqualTo(january.size());
      assertThat(afterRestore.properties()).containsEntry(pin, until.toString());
      assertThat(previousMetadata(afterRestore)).isEqualTo(beforeRestore);
      assertThat(afterRestore.currentSnapshot().summary())
          .containsEntry(PartitionCompactor.OPERATION, "restore");
      // a day later the nightly run left January live with the same rows, and said until when
      assertThat(januaryWhilePinned).isEqualTo(january);
      assertThat(pinnedRun.count(MaintenanceReport.PARTITIONS_ARCHIVED)).isZero();
      assertThat(pinnedRun.count(MaintenanceReport.PARTITIONS_PINNED)).isEqualTo(1);
      assertThat(pinnedRun.count(MaintenanceReport.PARTITIONS_SKIPPED)).isZero();
      assertThat(pinnedRun.skipped())
          .singleElement()
          .asString()
          .startsWith("year=2023/month=1: pinned by a restore until " + until)
          .contains(pin, "--include-pinned");
      // once the pin expired, the next nightly run archived January and dropped the pin, one commit
      assertThat(expiredRun.count(MaintenanceReport.PARTITIONS_ARCHIVED)).isEqualTo(1);
      assertThat(expiredRun.count(MaintenanceReport.ROWS_ARCHIVED)).isEqualTo(january.size());
      assertThat(expiredRun.skipped()).isEmpty();
      assertThat(MaintenanceFixture.rows(afterExpiry, JAN_2023.filter())).isEmpty();
      assertThat(afterExpiry.properties()).doesNotContainKey(pin);
      assertThat(previousMetadata(afterExpiry)).isEqualTo(beforeExpiredRun);
      assertThat(afterExpiry.currentSnapshot().summary())
          .containsEntry(PartitionCompactor.OPERATION, "archive");
      assertThat(MaintenanceFixture.rows(afterExpiry, MAY_2025.filter())).isEqualTo(may);
    }
  }

  @Test
  void pinnedMonth_isArchivedAtOnce_onlyOnExplicitOverride_andBadKeepDaysAreRefused() {
    List<YearMonth> months = List.of(JAN_2023.yearMonth(), MAY_2025.yearMonth());
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "pin_override_it", months)) {
      // given: January archived, then restored with the default pin
      table.ingest(6, 3);
      List<String> january = MaintenanceFixture.rows(table.table(), JAN_2023.filter());
      nightly(table, JUNE_2025);
      MaintenanceService service = service(table, JUNE_2025);
      assertThatThrownBy(() -> service.restore(JAN_2023, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid keep days 0: must be between 1 and 365");
      assertThatThrownBy(() -> service.restore(JAN_2023, 366))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid keep days 366");
      RestoredMonth restored = service.restore(JAN_2023);

      // when: an archive run a day later with the override
      MaintenanceReport override =
          service(table, later(1))
              .run(
                  new MaintenanceRequest(
                      Set.of(MaintenanceTask.ARCHIVE), Optional.empty(), PinnedMonths.ARCHIVE),
                  RunBudget.unlimited());

      // then: the refused restores changed nothing; the default pin is 30 days; the override
      // archived the month and removed its pin
      assertThat(restored.records()).isEqualTo(january.size());
      assertThat(restored.pinnedUntil()).isEqualTo(JUNE_2025.instant().plus(Duration.ofDays(30)));
      assertThat(override.count(MaintenanceReport.PARTITIONS_ARCHIVED)).isEqualTo(1);
      assertThat(override.count(MaintenanceReport.PARTITIONS_PINNED)).isZero();
      assertThat(MaintenanceFixture.rows(table.table(), JAN_2023.filter())).isEmpty();
      assertThat(table.table().properties()).doesNotContainKey(ArchivePins.property(JAN_2023));
    }
  }

  private static MaintenanceService service(MaintenanceFixture table, Clock clock) {
    return table.service(clock, Map.of(MaintenanceConfig.TASKS, "archive"));
  }

  /** A scheduled run of the archive task (the event's defaults) at {@code clock}. */
  private static MaintenanceReport nightly(MaintenanceFixture table, Clock clock) {
    return service(table, clock).run(MaintenanceRequest.defaults(), RunBudget.unlimited());
  }

  private static Clock later(int days) {
    return Clock.offset(JUNE_2025, Duration.ofDays(days));
  }

  private static String metadataLocation(Table table) {
    return ((HasTableOperations) table).operations().current().metadataFileLocation();
  }

  /** The metadata file the table's last commit replaced. */
  private static String previousMetadata(Table table) {
    List<TableMetadata.MetadataLogEntry> log =
        ((HasTableOperations) table).operations().current().previousFiles();
    return log.get(log.size() - 1).file();
  }

  private static List<DataFile> liveFiles(Table table) {
    table.refresh();
    List<DataFile> files = new ArrayList<>();
    for (FileScanTask task : table.newScan().filter(Expressions.alwaysTrue()).planFiles()) {
      files.add(task.file());
    }
    return files;
  }

  private List<String> archiveObjects(Table table) {
    List<String> objects = new ArrayList<>();
    for (FileInfo info :
        ((SupportsPrefixOperations) table.io())
            .listPrefix("s3://" + stack.bucket() + "/archive/")) {
      objects.add(info.location());
    }
    return objects;
  }
}

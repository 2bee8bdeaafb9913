package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Archival of months older than the active window, and restore of one month. */
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
      List<ArchiveManifest> restored = service.restore(JAN_2023);

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

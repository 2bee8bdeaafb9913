package io.salesflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import io.salesflow.localstack.sample.SampleSalesGenerator;
import io.salesflow.localstack.sample.SampleTableWriter;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** maintain, archive and restore attached to the test's local stack, in this JVM. */
@ExtendWith(LocalStackExtension.class)
class MaintenanceCommandsIT {

  private static final String STAGE = "maintcli";

  private final LocalStack stack;
  @TempDir Path home;

  MaintenanceCommandsIT(LocalStack stack) {
    this.stack = stack;
  }

  private CliRun run(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(args));
    all.addAll(CliRun.catalogFlags(stack, STAGE));
    return CliRun.run(home, Map.of(), all.toArray(String[]::new));
  }

  @Test
  void maintainArchiveRestore_onSmallCommits_compactThenArchiveAndBringAMonthBack() {
    // given: 8 small commits over 36 months, the oldest 12 months past the 2-year window
    assertThat(run("bootstrap").exitCode()).isZero();
    YearMonth oldest = YearMonth.now(ZoneOffset.UTC).minusMonths(36);
    Catalog catalog = CatalogUtil.buildIcebergCatalog("it", stack.catalogProperties(), null);
    long oldestRows;
    try {
      Table table =
          catalog.loadTable(
              TableIdentifier.of("pricing_intelligence_" + STAGE, SalesHistoryTable.NAME));
      for (int i = 0; i < 8; i++) {
        SampleTableWriter.appendSales(
            table,
            SampleSalesGenerator.builder()
                .seed(i)
                .count(200)
                .months(oldest, 36)
                .build()
                .generate());
      }
      oldestRows = count(table, oldest);
    } finally {
      CatalogFactory.close(catalog);
    }

    // when
    CliRun maintain = run("maintain", "--compact", "--expire", "--time-budget", "5m");
    CliRun archive = run("archive", "--older-than", "2y");
    String[] oldestMonth = {
      "--year",
      Integer.toString(oldest.getYear()),
      "--month",
      Integer.toString(oldest.getMonthValue())
    };
    CliRun restore = run("restore", oldestMonth);
    CliRun again = run("restore", oldestMonth);
    CliRun pinned = run("archive", "--older-than", "2y");
    CliRun override = run("archive", "--older-than", "2y", "--include-pinned");

    // then
    assertThat(maintain.exitCode()).as(maintain.toString()).isZero();
    assertThat(maintain.out())
        .contains("Maintenance complete")
        .containsPattern("PartitionsCompacted +36");
    assertThat(archive.exitCode()).as(archive.toString()).isZero();
    assertThat(archive.out()).containsPattern("PartitionsArchived +12");
    assertThat(archive.err()).contains("Archive location: s3://" + stack.bucket() + "/archive");
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(restore.out())
        .contains("Restored year=" + oldest.getYear() + "/month=" + oldest.getMonthValue())
        .contains(oldestRows + " rows");
    assertThat(again.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(again.err()).contains("no archive of it waiting");
    // the restore pinned the month: a second archive leaves it live, naming the pin
    String partition = "year=" + oldest.getYear() + "/month=" + oldest.getMonthValue();
    String property = "salesflow.archive.pinned." + oldest;
    assertThat(restore.out())
        .contains("Pinned " + partition + " live until ")
        .contains("(table property " + property + ")");
    assertThat(pinned.exitCode()).as(pinned.toString()).isZero();
    assertThat(pinned.out())
        .containsPattern("PartitionsPinned +1")
        .doesNotContain("PartitionsArchived")
        .contains("skipped " + partition + ": pinned by a restore until ")
        .contains("--include-pinned");
    // and archives it only when told to
    assertThat(override.exitCode()).as(override.toString()).isZero();
    assertThat(override.out())
        .containsPattern("PartitionsArchived +1")
        .doesNotContain("PartitionsPinned");
  }

  @Test
  void badFlags_areUsageErrors_namingTheFlag() {
    CliRun budget = run("maintain", "--time-budget", "10x");
    CliRun window = run("maintain", "--orphans", "--orphan-min-age", "1h");
    CliRun age = run("archive", "--older-than", "two years");
    CliRun month = run("restore", "--year", "2024", "--month", "13");
    CliRun keepZero = run("restore", "--year", "2024", "--month", "3", "--keep-days", "0");
    CliRun keepLong = run("restore", "--year", "2024", "--month", "3", "--keep-days", "400");
    CliRun keepText = run("restore", "--year", "2024", "--month", "3", "--keep-days", "ten");

    assertThat(budget.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(budget.err()).contains("Invalid --time-budget '10x'");
    assertThat(window.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(window.err()).contains("at least 24 hours");
    assertThat(age.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(age.err()).contains("Invalid --older-than 'two years'");
    assertThat(month.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(month.err()).contains("Invalid --month 13");
    assertThat(keepZero.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(keepZero.err())
        .contains("Invalid --keep-days 0: must be between 1 and 365")
        .contains("MAINTENANCE_ACTIVE_MONTHS");
    assertThat(keepLong.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(keepLong.err()).contains("Invalid --keep-days 400");
    assertThat(keepText.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(keepText.err()).contains("--keep-days").contains("'ten' is not an int");
  }

  private static long count(Table table, YearMonth month) {
    long rows = 0;
    try (var it =
        org.apache.iceberg.data.IcebergGenerics.read(table)
            .where(
                Expressions.and(
                    Expressions.equal("year", month.getYear()),
                    Expressions.equal("month", month.getMonthValue())))
            .build()) {
      for (var ignored : it) {
        rows++;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return rows;
  }
}

package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.etl.EtlConfig;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compactor against a concurrent ETL commit, made deterministic: an ETL batch with upserts and
 * removes of keys being compacted commits after the compactor read the partition and before it
 * commits. With equality deletes the compaction still commits at once (they are no conflict at the
 * starting snapshot's sequence number) and they remove the old rows from the new files; with
 * position deletes the compaction's validation fails, it reads the partition again and commits with
 * the deletes applied. Either way no replaced or removed row comes back.
 */
@ExtendWith(LocalStackExtension.class)
class ConcurrentCommitIT {

  private final LocalStack stack;

  ConcurrentCommitIT(LocalStack stack) {
    this.stack = stack;
  }

  @ParameterizedTest
  @ValueSource(strings = {"equality", "position"})
  void upsertsCommittedBetweenReadAndCommit_stillApplyToTheCompactedFiles(String deleteMode) {
    boolean position = deleteMode.equals("position");
    try (MaintenanceFixture table =
        new MaintenanceFixture(
            stack,
            "concurrent_commit_" + deleteMode,
            List.of(YearMonth.of(2025, 5)),
            Map.of(EtlConfig.DELETE_MODE, deleteMode))) {
      // given: small files, and an ETL batch that will commit in the middle of the compaction
      table.ingest(15, 4);
      AtomicLong etlSnapshot = new AtomicLong();
      java.util.concurrent.atomic.AtomicInteger attempts =
          new java.util.concurrent.atomic.AtomicInteger();
      PartitionCompactor compactor =
          new PartitionCompactor(
              2,
              MaintenanceConfig.DEFAULT_MAX_GROUP_BYTES,
              2,
              () -> {
                if (attempts.incrementAndGet() == 1) {
                  table.ingest(1, 12); // price changes and removes of keys being compacted
                  etlSnapshot.set(table.table().currentSnapshot().snapshotId());
                }
              });

      // when
      Optional<CompactionResult> result =
          compactor.compact(table.table(), new MonthPartition(2025, 5), false);

      // then: committed on top of the ETL's commit, and nothing came back. Equality deletes are no
      // conflict (one attempt); a position delete on a file being rewritten is, so the partition
      // is read again and compacted in a second attempt with the delete applied.
      assertThat(result).isPresent();
      assertThat(attempts.get()).isEqualTo(position ? 2 : 1);
      Table after = table.table();
      Snapshot compaction = after.currentSnapshot();
      assertThat(compaction.operation()).isEqualTo(DataOperations.REPLACE);
      assertThat(compaction.parentId()).isEqualTo(etlSnapshot.get());
      assertThat(
              StreamSupport.stream(
                      after.snapshot(etlSnapshot.get()).addedDeleteFiles(after.io()).spliterator(),
                      false)
                  .count())
          .as("%s delete files the concurrent ETL batch committed", deleteMode)
          .isPositive();
      assertThat(table.keysAndPrices()).isEqualTo(table.expectedKeysAndPrices());
    }
  }
}

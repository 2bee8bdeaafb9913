package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sequence-number argument of the compactor, made deterministic: an ETL batch with upserts and
 * removes of keys being compacted commits after the compactor read the partition and before it
 * commits. The compaction must still commit (equality deletes are no conflict at the starting
 * snapshot's sequence number) and those deletes must still remove the old rows from the new files.
 */
@ExtendWith(LocalStackExtension.class)
class ConcurrentCommitIT {

  private final LocalStack stack;

  ConcurrentCommitIT(LocalStack stack) {
    this.stack = stack;
  }

  @Test
  void upsertsCommittedBetweenReadAndCommit_stillApplyToTheCompactedFiles() {
    try (MaintenanceFixture table =
        new MaintenanceFixture(stack, "concurrent_commit_it", List.of(YearMonth.of(2025, 5)))) {
      // given: small files, and an ETL batch that will commit in the middle of the compaction
      table.ingest(15, 4);
      AtomicLong etlSnapshot = new AtomicLong();
      PartitionCompactor compactor =
          new PartitionCompactor(
              2,
              MaintenanceConfig.DEFAULT_MAX_GROUP_BYTES,
              1,
              () -> {
                table.ingest(1, 12); // price changes and removes of keys being compacted
                etlSnapshot.set(table.table().currentSnapshot().snapshotId());
              });

      // when
      Optional<CompactionResult> result =
          compactor.compact(table.table(), new MonthPartition(2025, 5), false);

      // then: committed in one attempt, on top of the ETL's commit, and nothing came back
      assertThat(result).isPresent();
      Table after = table.table();
      Snapshot compaction = after.currentSnapshot();
      assertThat(compaction.operation()).isEqualTo(DataOperations.REPLACE);
      assertThat(compaction.parentId()).isEqualTo(etlSnapshot.get());
      assertThat(
              StreamSupport.stream(
                      after.snapshot(etlSnapshot.get()).addedDeleteFiles(after.io()).spliterator(),
                      false)
                  .count())
          .as("equality delete files the concurrent ETL batch committed")
          .isPositive();
      assertThat(table.keysAndPrices()).isEqualTo(table.expectedKeysAndPrices());
    }
  }
}

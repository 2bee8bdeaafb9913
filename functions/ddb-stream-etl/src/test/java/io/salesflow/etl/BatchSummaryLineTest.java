package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchSummaryLineTest {

  @Test
  void success_namesRecordsRowsRejectedAndCommitTime() {
    BatchMetrics metrics =
        new BatchMetrics(
            100,
            97,
            120,
            2,
            1,
            3,
            Map.of(Reason.BAD_PRICE, 3),
            0,
            4,
            5,
            1000,
            2,
            3,
            9,
            40,
            212,
            1,
            50,
            false);

    assertThat(BatchSummaryLine.of(new BatchResult(List.of(), metrics, null)))
        .isEqualTo(
            "salesflow-batch OK records=100 rows=97 removes=2 rejected=3 replay_skipped=0 files=9"
                + " commit_ms=212 attempts=1");
  }

  @Test
  void failure_endsWithTheReason() {
    BatchResult failed =
        new BatchResult(List.of("42"), BatchMetrics.failed(10, -1), "transient: boom");

    assertThat(failed.succeeded()).isFalse();
    assertThat(BatchSummaryLine.of(failed))
        .isEqualTo("salesflow-batch FAILED records=10 reason=transient: boom");
  }

  @Test
  void aFailureWithoutSequenceNumbers_isStillAFailure() {
    assertThat(new BatchResult(List.of(), BatchMetrics.failed(3, -1), "why").succeeded()).isFalse();
  }
}

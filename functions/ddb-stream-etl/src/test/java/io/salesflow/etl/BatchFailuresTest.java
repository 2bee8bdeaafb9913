package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.RESTException;
import org.junit.jupiter.api.Test;

class BatchFailuresTest {

  @Test
  void outagesConflictsAndTime_areTransient() {
    assertThat(BatchFailures.isTransient(new CommitFailedException("conflict"))).isTrue();
    assertThat(BatchFailures.isTransient(new CommitStateUnknownException(new RuntimeException())))
        .isTrue();
    assertThat(
            BatchFailures.isTransient(
                new RESTException(new ConnectException("refused"), "Error occurred")))
        .isTrue();
    assertThat(
            BatchFailures.isTransient(
                new IllegalStateException(
                    "wrapped", new UncheckedIOException(new java.io.IOException("S3 down")))))
        .isTrue();
    assertThat(BatchFailures.isTransient(new NotEnoughTimeException("late"))).isTrue();
  }

  @Test
  void aMissingTableOrABug_needsAnOperator() {
    assertThat(BatchFailures.describe(new NoSuchTableException("gone")))
        .isEqualTo(BatchFailures.NEEDS_OPERATOR);
    assertThat(BatchFailures.describe(new NullPointerException()))
        .isEqualTo(BatchFailures.NEEDS_OPERATOR);
  }

  @Test
  void onlyARefusedConnection_provesTheCommitWasNeverSent() {
    assertThat(
            TableCommitter.neverSent(
                new RESTException(new ConnectException("Connection refused"), "Error")))
        .isTrue();
    assertThat(
            TableCommitter.neverSent(
                new RESTException(new java.net.SocketTimeoutException("Read timed out"), "Error")))
        .isFalse();
    assertThat(TableCommitter.neverSent(new CommitStateUnknownException(new RuntimeException())))
        .isFalse();
  }
}

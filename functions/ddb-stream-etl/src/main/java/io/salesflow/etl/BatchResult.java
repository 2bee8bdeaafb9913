package io.salesflow.etl;

import java.util.List;

/**
 * Outcome of one batch.
 *
 * @param failedSequenceNumbers the sequence numbers Lambda must retry from (empty on success; the
 *     batch's first sequence number when the batch failed as a whole)
 * @param metrics what the batch did
 * @param failure why it failed, {@code null} on success
 */
public record BatchResult(
    List<String> failedSequenceNumbers, BatchMetrics metrics, String failure) {

  public BatchResult {
    failedSequenceNumbers = List.copyOf(failedSequenceNumbers);
  }

  /** Whether the batch landed; a failed batch always carries its {@link #failure() reason}. */
  public boolean succeeded() {
    return failure == null && failedSequenceNumbers.isEmpty();
  }
}

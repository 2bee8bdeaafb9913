package io.salesflow.etl;

/** Thrown by the handler when a failed batch has no sequence number to report as its failure. */
public final class BatchFailedException extends RuntimeException {

  BatchFailedException(String reason) {
    super("Batch failed and will be retried whole: " + reason);
  }
}

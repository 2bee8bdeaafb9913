package io.salesflow.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Tells why a whole batch failed. Records that can never succeed never fail a batch (they become
 * error rows), so every batch failure is retried by the event source mapping until it succeeds or
 * the records reach {@code MaximumRecordAgeInSeconds}; this only says, in the log and the failure
 * reason, whether waiting will fix it or an operator must act.
 */
final class BatchFailures {

  /** Waiting fixes it: the catalog or S3 unreachable or throttling, commit conflicts, time. */
  static final String TRANSIENT = "transient";

  /** An operator must act (a table or namespace missing, a bug); retried until then. */
  static final String NEEDS_OPERATOR = "needs an operator";

  private BatchFailures() {}

  static String describe(Throwable failure) {
    return isTransient(failure) ? TRANSIENT : NEEDS_OPERATOR;
  }

  static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof NoSuchTableException || t instanceof NoSuchNamespaceException) {
        return false;
      }
      if (t instanceof CommitFailedException
          || t instanceof CommitStateUnknownException
          || t instanceof CommitOutcomeUnknownException
          || t instanceof NotEnoughTimeException
          || t instanceof org.apache.iceberg.exceptions.ValidationException
          || t instanceof ServiceUnavailableException
          || t instanceof ServiceFailureException
          || t instanceof RESTException
          || t instanceof RuntimeIOException
          || t instanceof UncheckedIOException
          || t instanceof IOException
          || t instanceof SdkException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}

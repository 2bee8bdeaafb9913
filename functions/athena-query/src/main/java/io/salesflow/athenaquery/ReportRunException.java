package io.salesflow.athenaquery;

/**
 * A run could not deliver every report: a report could not be stored, or queries of a schedule
 * failed (the others' reports are written). The message names each failure.
 */
public class ReportRunException extends RuntimeException {

  public ReportRunException(String message) {
    super(message);
  }

  public ReportRunException(String message, Throwable cause) {
    super(message, cause);
  }
}

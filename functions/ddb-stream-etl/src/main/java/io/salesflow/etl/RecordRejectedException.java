package io.salesflow.etl;

/** A single stream record cannot become a row; it goes to sales_history_errors. */
final class RecordRejectedException extends RuntimeException {

  private final Reason reason;

  RecordRejectedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}

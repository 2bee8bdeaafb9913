package io.salesflow.etl;

/** Too little Lambda time is left to finish a commit safely; the batch is retried instead. */
final class NotEnoughTimeException extends RuntimeException {

  NotEnoughTimeException(String message) {
    super(message);
  }
}

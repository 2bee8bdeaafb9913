package io.salesflow.bootstrap;

/** A catalog or storage operation failed; the message names the database/table and the cause. */
public class BootstrapException extends RuntimeException {

  public BootstrapException(String message, Throwable cause) {
    super(message, cause);
  }

  public BootstrapException(String message) {
    super(message);
  }
}

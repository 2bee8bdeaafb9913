package io.salesflow.localstack.trino;

/** Local Trino cannot be found, started or stopped; the message says what to do. */
public class LocalTrinoException extends RuntimeException {

  public LocalTrinoException(String message) {
    super(message);
  }

  public LocalTrinoException(String message, Throwable cause) {
    super(message, cause);
  }
}

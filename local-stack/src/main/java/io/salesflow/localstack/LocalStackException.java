package io.salesflow.localstack;

/** A local server could not be started or stopped; the message says which one and why. */
public final class LocalStackException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LocalStackException(String message) {
    super(message);
  }

  public LocalStackException(String message, Throwable cause) {
    super(message, cause);
  }
}

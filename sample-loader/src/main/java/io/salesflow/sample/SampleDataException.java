package io.salesflow.sample;

/** Loading sample data failed; the message names the table or endpoint and what to do. */
public class SampleDataException extends RuntimeException {

  public SampleDataException(String message) {
    super(message);
  }

  public SampleDataException(String message, Throwable cause) {
    super(message, cause);
  }
}

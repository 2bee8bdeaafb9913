package io.salesflow.emulator;

/** The poller cannot go on; the message names the stream, shard or file and what to do. */
public class StreamPollerException extends RuntimeException {

  public StreamPollerException(String message) {
    super(message);
  }

  public StreamPollerException(String message, Throwable cause) {
    super(message, cause);
  }
}

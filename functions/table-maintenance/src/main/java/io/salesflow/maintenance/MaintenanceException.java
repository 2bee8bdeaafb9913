package io.salesflow.maintenance;

/** A maintenance step could not be done; the message names the table or file and what to do. */
public class MaintenanceException extends RuntimeException {

  public MaintenanceException(String message) {
    super(message);
  }

  public MaintenanceException(String message, Throwable cause) {
    super(message, cause);
  }
}

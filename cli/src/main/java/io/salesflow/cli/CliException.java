package io.salesflow.cli;

/** An error for the user: printed without a stack trace, with its exit code. */
public class CliException extends RuntimeException {

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A usage error (exit code 2). */
  public static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message);
  }

  /** A failure (exit code 1). */
  public static CliException failure(String message, Throwable cause) {
    return new CliException(ExitCode.FAILURE, message, cause);
  }

  public int exitCode() {
    return exitCode;
  }
}

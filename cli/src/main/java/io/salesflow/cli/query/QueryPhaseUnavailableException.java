package io.salesflow.cli.query;

import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;

/**
 * The query phase cannot run on this machine: a part it needs is missing (no JDK 24+ for local
 * Trino, the Trino server not unpacked by the build). The demo reports the phase as skipped with
 * this message; {@code salesflow query} exits with {@link ExitCode#NOT_BUILT}.
 */
public class QueryPhaseUnavailableException extends CliException {

  public QueryPhaseUnavailableException(String message, Throwable cause) {
    super(ExitCode.NOT_BUILT, message, cause);
  }
}

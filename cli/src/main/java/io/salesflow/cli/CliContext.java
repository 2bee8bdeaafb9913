package io.salesflow.cli;

import io.salesflow.cli.connection.TargetResolver;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every command needs from its environment: output streams, the repository it runs in (for
 * {@code .salesflow/} and the function jars) and the process environment.
 *
 * @param output where to write
 * @param home the repository ({@code -Dsalesflow.home}, set by {@code ./salesflow}), else the
 *     working directory
 * @param environment the process environment
 */
public record CliContext(Output output, Path home, Map<String, String> environment) {

  /** Resolves connection flags against this checkout and environment. */
  public TargetResolver resolver() {
    return new TargetResolver(home, environment, output);
  }
}

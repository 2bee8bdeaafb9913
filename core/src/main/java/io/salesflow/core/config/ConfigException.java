package io.salesflow.core.config;

import java.util.List;

/**
 * Thrown at start-up when configuration is missing or invalid. The message has one line per
 * problem, each naming the variable and the fix.
 */
public class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join(System.lineSeparator(), problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem found, one message per bad variable. */
  public List<String> problems() {
    return problems;
  }
}

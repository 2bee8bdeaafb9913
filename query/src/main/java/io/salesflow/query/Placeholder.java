package io.salesflow.query;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A {@code ? /* name * /} marker in a query body.
 *
 * @param parameter the parameter it binds
 * @param line line in the file
 * @param offset offset of the {@code ?} in the body
 * @param inline whether it sits in {@code FOR TIMESTAMP|VERSION AS OF}, where neither Athena nor
 *     Trino accepts a bound parameter: the type-checked value is written there as a literal
 */
record Placeholder(String parameter, int line, int offset, boolean inline) {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  /**
   * The SQL literal of a type-checked value for an inline placeholder. Only integers (snapshot ids)
   * and timestamps are allowed there, so the text is digits and separators only.
   */
  static String inlineLiteral(ParameterType type, Object value) {
    return switch (type) {
      case INTEGER -> Long.toString((Long) value);
      case TIMESTAMP -> "TIMESTAMP '" + TIMESTAMP.format((LocalDateTime) value) + " UTC'";
      default ->
          throw new IllegalArgumentException(
              "Cannot inline a " + type.keyword() + " value in FOR ... AS OF");
    };
  }
}

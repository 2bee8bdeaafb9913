package io.salesflow.query.engine;

import java.util.Locale;

/**
 * The normalised type of a result column and the Java type of its values: the same for Athena
 * (whose results are strings plus a type name) and Trino JDBC (typed objects).
 */
public enum ColumnType {
  /** {@code Long}: tinyint, smallint, integer, bigint. */
  INTEGER,
  /** {@code BigDecimal}. */
  DECIMAL,
  /** {@code Double}: double, real. */
  DOUBLE,
  /** {@code Boolean}. */
  BOOLEAN,
  /** {@code LocalDate}. */
  DATE,
  /** {@code LocalDateTime}: timestamp without time zone. */
  TIMESTAMP,
  /** {@code OffsetDateTime} in UTC: timestamp with time zone (Iceberg metadata tables). */
  TIMESTAMP_TZ,
  /** {@code String}: varchar, char and anything else (arrays, maps, rows as text). */
  STRING;

  /** The normalised type of an engine type name such as {@code decimal(10,2)} or {@code bigint}. */
  public static ColumnType of(String engineType) {
    String t = engineType.toLowerCase(Locale.ROOT).trim();
    if (t.startsWith("timestamp") && t.contains("with time zone")) {
      return TIMESTAMP_TZ;
    }
    String base = t.contains("(") ? t.substring(0, t.indexOf('(')).trim() : t;
    return switch (base) {
      case "tinyint", "smallint", "integer", "int", "bigint" -> INTEGER;
      case "decimal" -> DECIMAL;
      case "double", "real", "float" -> DOUBLE;
      case "boolean" -> BOOLEAN;
      case "date" -> DATE;
      case "timestamp" -> TIMESTAMP;
      default -> STRING;
    };
  }
}

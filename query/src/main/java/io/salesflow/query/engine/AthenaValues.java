package io.salesflow.query.engine;

import io.salesflow.query.BoundParameter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Converts between Java values and Athena's text forms: parameter values to the SQL literals
 * ExecutionParameters takes (Athena parses each one as a literal, so a string can never become
 * SQL), and result strings to normalised values.
 */
final class AthenaValues {

  private static final DateTimeFormatter TIMESTAMP_LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private static final DateTimeFormatter RESULT_TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private static final DateTimeFormatter RESULT_TIMESTAMP_TZ =
      new DateTimeFormatterBuilder()
          .append(RESULT_TIMESTAMP)
          .appendLiteral(' ')
          .appendZoneId()
          .toFormatter();

  private AthenaValues() {}

  /** The ExecutionParameters entry for {@code parameter}. */
  static String literal(BoundParameter parameter) {
    Object v = parameter.value();
    return switch (parameter.type()) {
      case STRING -> "'" + ((String) v).replace("'", "''") + "'";
      case INTEGER -> Long.toString((Long) v);
      case DECIMAL -> "DECIMAL '" + ((BigDecimal) v).toPlainString() + "'";
      case DOUBLE -> doubleLiteral((Double) v);
      case BOOLEAN -> ((Boolean) v) ? "TRUE" : "FALSE";
      case DATE -> "DATE '" + v + "'";
      case TIMESTAMP -> "TIMESTAMP '" + TIMESTAMP_LITERAL.format((LocalDateTime) v) + "'";
    };
  }

  /** {@code 0.8} would be a decimal literal: doubles need an exponent. */
  private static String doubleLiteral(double value) {
    String text = Double.toString(value);
    return text.contains("E") ? text : text + "E0";
  }

  /** The normalised value of an Athena result cell ({@code null} stays {@code null}). */
  static Object value(ColumnType type, String text) {
    if (text == null) {
      return null;
    }
    return switch (type) {
      case INTEGER -> Long.parseLong(text);
      case DECIMAL -> new BigDecimal(text);
      case DOUBLE -> Double.parseDouble(text);
      case BOOLEAN -> Boolean.parseBoolean(text);
      case DATE -> LocalDate.parse(text);
      case TIMESTAMP -> LocalDateTime.parse(text, RESULT_TIMESTAMP);
      case TIMESTAMP_TZ -> utc(ZonedDateTime.parse(text, RESULT_TIMESTAMP_TZ));
      case STRING -> text;
    };
  }

  /** A zoned time as the UTC offset time results carry. */
  static OffsetDateTime utc(ZonedDateTime time) {
    return time.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
  }
}

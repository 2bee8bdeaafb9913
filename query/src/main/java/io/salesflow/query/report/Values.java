package io.salesflow.query.report;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Text forms of result values shared by the report formats. */
final class Values {

  private Values() {}

  /** ISO-8601 for times, plain notation for decimals, {@code ""} for null. */
  static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof LocalDateTime t) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
    }
    if (value instanceof OffsetDateTime t) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }
    return value.toString();
  }

  /** The value as a double for charts, or null if it is not a number. */
  static Double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }
}

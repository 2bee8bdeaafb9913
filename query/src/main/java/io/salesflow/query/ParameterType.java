package io.salesflow.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The types a query parameter can have, and how request values (JSON values as Lambda delivers
 * them, or strings) are converted to the Java values the engines bind: {@code String}, {@code
 * Long}, {@code BigDecimal}, {@code Double}, {@code Boolean}, {@code LocalDate} and {@code
 * LocalDateTime} (UTC).
 */
public enum ParameterType {
  STRING("string", "a string"),
  INTEGER("integer", "a whole number"),
  DECIMAL("decimal", "a decimal number"),
  DOUBLE("double", "a number"),
  BOOLEAN("boolean", "true or false"),
  DATE("date", "a date (yyyy-MM-dd)"),
  TIMESTAMP("timestamp", "a timestamp (yyyy-MM-ddTHH:mm:ss, UTC)");

  private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d{1,18}");
  private static final Pattern DECIMAL_TEXT = Pattern.compile("[+-]?\\d{1,38}(\\.\\d{1,38})?");
  private static final int MAX_DECIMAL_PRECISION = 38;

  private final String keyword;
  private final String description;

  ParameterType(String keyword, String description) {
    this.keyword = keyword;
    this.description = description;
  }

  /** The name used in query headers, e.g. {@code integer}. */
  public String keyword() {
    return keyword;
  }

  /** What a valid value looks like, for messages: "a whole number". */
  public String description() {
    return description;
  }

  /** The type named {@code keyword} in a header. */
  public static Optional<ParameterType> of(String keyword) {
    return Arrays.stream(values()).filter(t -> t.keyword.equals(keyword)).findFirst();
  }

  /**
   * Converts a request value.
   *
   * @throws IllegalArgumentException if {@code raw} is not a value of this type
   */
  public Object convert(Object raw) {
    Object value =
        switch (this) {
          case STRING -> raw instanceof String s ? s : null;
          case INTEGER -> toLong(raw);
          case DECIMAL -> toDecimal(raw);
          case DOUBLE -> toDouble(raw);
          case BOOLEAN -> toBoolean(raw);
          case DATE -> toDate(raw);
          case TIMESTAMP -> toTimestamp(raw);
        };
    if (value == null) {
      throw new IllegalArgumentException("is not " + description);
    }
    return value;
  }

  private static Long toLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    if (raw instanceof Double || raw instanceof BigDecimal || raw instanceof Float) {
      BigDecimal decimal = new BigDecimal(raw.toString());
      try {
        return decimal.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    if (raw instanceof String s && INTEGER_TEXT.matcher(s.trim()).matches()) {
      return Long.parseLong(s.trim());
    }
    return null;
  }

  private static BigDecimal toDecimal(Object raw) {
    BigDecimal value = null;
    if (raw instanceof BigDecimal d) {
      value = d;
    } else if (raw instanceof Double || raw instanceof Float) {
      double d = ((Number) raw).doubleValue();
      value = Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
    } else if (raw instanceof Integer || raw instanceof Long || raw instanceof BigInteger) {
      value = new BigDecimal(raw.toString());
    } else if (raw instanceof String s && DECIMAL_TEXT.matcher(s.trim()).matches()) {
      value = new BigDecimal(s.trim());
    }
    return value == null || value.precision() > MAX_DECIMAL_PRECISION ? null : value;
  }

  private static Double toDouble(Object raw) {
    Double value = null;
    if (raw instanceof Number n && !(raw instanceof BigDecimal)) {
      value = n.doubleValue();
    } else if (raw instanceof BigDecimal d) {
      value = d.doubleValue();
    } else if (raw instanceof String s && DECIMAL_TEXT.matcher(s.trim()).matches()) {
      value = Double.parseDouble(s.trim());
    }
    return value == null || !Double.isFinite(value) ? null : value;
  }

  private static Boolean toBoolean(Object raw) {
    if (raw instanceof Boolean b) {
      return b;
    }
    if (raw instanceof String s) {
      String lower = s.trim().toLowerCase(Locale.ROOT);
      return lower.equals("true") ? Boolean.TRUE : lower.equals("false") ? Boolean.FALSE : null;
    }
    return null;
  }

  private static LocalDate toDate(Object raw) {
    if (raw instanceof LocalDate d) {
      return d;
    }
    try {
      return raw instanceof String s ? LocalDate.parse(s.trim()) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static LocalDateTime toTimestamp(Object raw) {
    if (raw instanceof LocalDateTime t) {
      return t;
    }
    if (!(raw instanceof String s)) {
      return null;
    }
    String text = s.trim().replace(' ', 'T');
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay();
      }
      if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      return LocalDateTime.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

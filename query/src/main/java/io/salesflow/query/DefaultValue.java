package io.salesflow.query;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default of a parameter: a literal, or an expression on the run's clock (UTC) so that
 * scheduled runs report on the current period: {@code current_year[±N]}, {@code current_month}
 * (integers), {@code today[±Nd]} (dates), {@code now[±N(d|h)]} (timestamps).
 */
public final class DefaultValue {

  private static final Pattern YEAR = Pattern.compile("current_year(?:([+-])(\\d{1,3}))?");
  private static final Pattern TODAY = Pattern.compile("today(?:([+-])(\\d{1,4})d)?");
  private static final Pattern NOW = Pattern.compile("now(?:([+-])(\\d{1,5})([dh]))?");

  private final String text;
  private final ParameterType type;
  private final Object literal;

  private DefaultValue(String text, ParameterType type, Object literal) {
    this.text = text;
    this.type = type;
    this.literal = literal;
  }

  /**
   * Parses a header default.
   *
   * @throws IllegalArgumentException if {@code text} is neither a literal of {@code type} nor a
   *     clock expression valid for it
   */
  static DefaultValue parse(String text, ParameterType type) {
    if (isClockExpression(text, type)) {
      return new DefaultValue(text, type, null);
    }
    return new DefaultValue(text, type, type.convert(text));
  }

  private static boolean isClockExpression(String text, ParameterType type) {
    return switch (type) {
      case INTEGER -> YEAR.matcher(text).matches() || text.equals("current_month");
      case DATE -> TODAY.matcher(text).matches();
      case TIMESTAMP -> NOW.matcher(text).matches();
      default -> false;
    };
  }

  /** The default as written in the header. */
  public String text() {
    return text;
  }

  /** Whether the value depends on the clock. */
  public boolean dynamic() {
    return literal == null;
  }

  /** The value for a run at {@code clock}'s current instant (UTC). */
  public Object resolve(Clock clock) {
    if (literal != null) {
      return literal;
    }
    LocalDateTime now = LocalDateTime.now(clock.withZone(java.time.ZoneOffset.UTC));
    if (text.equals("current_month")) {
      return (long) now.getMonthValue();
    }
    Matcher year = YEAR.matcher(text);
    if (type == ParameterType.INTEGER && year.matches()) {
      return (long) now.getYear() + signed(year, 1, 2);
    }
    Matcher today = TODAY.matcher(text);
    if (type == ParameterType.DATE && today.matches()) {
      LocalDate date = now.toLocalDate();
      return date.plusDays(signed(today, 1, 2));
    }
    Matcher at = NOW.matcher(text);
    if (type == ParameterType.TIMESTAMP && at.matches()) {
      ChronoUnit unit = "h".equals(at.group(3)) ? ChronoUnit.HOURS : ChronoUnit.DAYS;
      return now.truncatedTo(ChronoUnit.MILLIS).plus(signed(at, 1, 2), unit);
    }
    throw new IllegalStateException("Cannot resolve default '" + text + "' of type " + type);
  }

  private static long signed(Matcher m, int signGroup, int numberGroup) {
    if (m.group(signGroup) == null) {
      return 0;
    }
    long n = Long.parseLong(m.group(numberGroup));
    return m.group(signGroup).equals("-") ? -n : n;
  }

  @Override
  public String toString() {
    return text;
  }
}

package io.salesflow.query;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default of a parameter: a literal; an expression on the run's clock (UTC): {@code
 * current_year[±N]}, {@code current_month} (integers), {@code today[±Nd]} (dates), {@code
 * now[±N(d|h)]} (timestamps); or one that follows the data: {@code latest_year[±N]}, {@code
 * latest_month}, the newest year and month holding rows in {@code sales_history} ({@link
 * LatestPeriod}; the current ones while the table is empty), so scheduled and demo runs report on
 * the period the table has.
 */
public final class DefaultValue {

  private static final Pattern YEAR = Pattern.compile("(current|latest)_year(?:([+-])(\\d{1,3}))?");
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
      case INTEGER ->
          YEAR.matcher(text).matches()
              || text.equals("current_month")
              || text.equals("latest_month");
      case DATE -> TODAY.matcher(text).matches();
      case TIMESTAMP -> NOW.matcher(text).matches();
      default -> false;
    };
  }

  /** The default as written in the header. */
  public String text() {
    return text;
  }

  /** Whether the value depends on the clock or the data. */
  public boolean dynamic() {
    return literal == null;
  }

  /** Whether the value follows the data: {@code latest_year[±N]}, {@code latest_month}. */
  public boolean followsData() {
    return text.startsWith("latest_");
  }

  /**
   * The value for a run at {@code clock}'s current instant (UTC).
   *
   * @throws IllegalStateException for a default that follows the data: use {@link #resolve(Clock,
   *     LatestPeriod)}
   */
  public Object resolve(Clock clock) {
    return resolve(clock, LatestPeriod.UNAVAILABLE);
  }

  /**
   * The value for a run at {@code clock}'s current instant (UTC), on a table whose newest period is
   * {@code latest} (asked only by a default that follows the data).
   */
  public Object resolve(Clock clock, LatestPeriod latest) {
    if (literal != null) {
      return literal;
    }
    LocalDateTime now = LocalDateTime.now(clock.withZone(java.time.ZoneOffset.UTC));
    YearMonth period =
        followsData() ? latest.get().orElse(YearMonth.from(now)) : YearMonth.from(now);
    if (text.endsWith("_month")) {
      return (long) period.getMonthValue();
    }
    Matcher year = YEAR.matcher(text);
    if (type == ParameterType.INTEGER && year.matches()) {
      return (long) period.getYear() + signed(year, 2, 3);
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

package io.salesflow.infra.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks EventBridge cron expressions at synth time, so that a bad schedule fails {@code cdk synth}
 * with the key and the fix rather than the deploy with CloudFormation's "Parameter
 * ScheduleExpression is not valid". The rules are EventBridge's: six fields, {@code ?} in exactly
 * one of day-of-month and day-of-week, {@code L}/{@code W} in day-of-month and {@code L}/{@code #}
 * in day-of-week only.
 */
final class EventBridgeCron {

  /** The form the messages quote. */
  static final String FORMAT =
      "cron(minutes hours day-of-month month day-of-week year) with '?' in exactly one of"
          + " day-of-month and day-of-week, e.g. cron(15 3 * * ? *)";

  private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
  private static final Pattern DAY_OF_MONTH_SPECIAL = Pattern.compile("\\?|L|LW|\\d{1,2}W");
  private static final Pattern DAY_OF_WEEK_SPECIAL = Pattern.compile("\\?|L|[1-7]L|[1-7]#[1-5]");
  private static final Pattern NEVER = Pattern.compile("(?!)");

  private record Field(String name, int min, int max, List<String> names, Pattern special) {}

  private static final List<Field> FIELDS =
      List.of(
          new Field("minutes", 0, 59, List.of(), NEVER),
          new Field("hours", 0, 23, List.of(), NEVER),
          new Field("day-of-month", 1, 31, List.of(), DAY_OF_MONTH_SPECIAL),
          new Field(
              "month",
              1,
              12,
              List.of(
                  "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                  "DEC"),
              NEVER),
          new Field(
              "day-of-week",
              1,
              7,
              List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"),
              DAY_OF_WEEK_SPECIAL),
          new Field("year", 1970, 2199, List.of(), NEVER));

  private EventBridgeCron() {}

  /** What is wrong with {@code expression}, or empty if EventBridge accepts it. */
  static Optional<String> problem(String expression) {
    var m = CRON.matcher(expression.trim());
    if (!m.matches()) {
      return Optional.of("not a cron(...) expression");
    }
    String[] values = m.group(1).trim().split("\\s+");
    if (values.length != FIELDS.size()) {
      return Optional.of("has " + values.length + " fields, needs 6");
    }
    for (int i = 0; i < values.length; i++) {
      Optional<String> problem = field(FIELDS.get(i), values[i].toUpperCase());
      if (problem.isPresent()) {
        return problem;
      }
    }
    if ("?".equals(values[2]) == "?".equals(values[4])) {
      return Optional.of("needs '?' in exactly one of day-of-month and day-of-week");
    }
    return Optional.empty();
  }

  private static Optional<String> field(Field field, String value) {
    if (field.special().matcher(value).matches()) {
      return special(field, value);
    }
    for (String item : value.split(",", -1)) {
      if (!item(field, item)) {
        return Optional.of(
            field.name()
                + " '"
                + value
                + "' is not a value, range, list or step within "
                + field.min()
                + "-"
                + field.max()
                + (field.names().isEmpty() ? "" : " (or " + field.names().get(0) + "...)"));
      }
    }
    return Optional.empty();
  }

  /** {@code 15W} must name a day of the month; {@code ?}, {@code L} and the rest need no check. */
  private static Optional<String> special(Field field, String value) {
    if (value.endsWith("W") && !"LW".equals(value)) {
      int day = Integer.parseInt(value.substring(0, value.length() - 1));
      if (day < field.min() || day > field.max()) {
        return Optional.of(field.name() + " '" + value + "' names no day of the month");
      }
    }
    return Optional.empty();
  }

  /** {@code *}, {@code a}, {@code a-b}, each optionally with {@code /step}. */
  private static boolean item(Field field, String item) {
    String base = item;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      String step = item.substring(slash + 1);
      if (!step.matches("\\d{1,4}") || Integer.parseInt(step) == 0) {
        return false;
      }
      base = item.substring(0, slash);
    }
    if ("*".equals(base)) {
      return true;
    }
    String[] bounds = base.split("-", -1);
    if (bounds.length > 2) {
      return false;
    }
    for (String bound : bounds) {
      if (!value(field, bound)) {
        return false;
      }
    }
    return true;
  }

  private static boolean value(Field field, String value) {
    if (value.matches("\\d{1,4}")) {
      int n = Integer.parseInt(value);
      return n >= field.min() && n <= field.max();
    }
    return field.names().contains(value);
  }
}

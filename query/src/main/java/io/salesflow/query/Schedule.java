package io.salesflow.query;

import java.util.regex.Pattern;

/**
 * A named schedule: queries that name the same schedule run together when EventBridge fires it.
 *
 * @param name e.g. {@code daily}; the EventBridge rule's name ends with it
 * @param cron EventBridge cron expression with 6 fields, e.g. {@code cron(0 6 * * ? *)}
 */
public record Schedule(String name, String cron) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  private static final Pattern CRON = Pattern.compile("cron\\((\\S+( \\S+){5})\\)");

  /**
   * Parses {@code <name> cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static Schedule parse(String text) {
    String[] parts = text.trim().split("\\s+", 2);
    if (parts.length != 2 || !NAME.matcher(parts[0]).matches()) {
      throw new IllegalArgumentException(
          "expected '<name> cron(...)' with a name of lower-case letters, digits and '-'");
    }
    String cron = parts[1].trim();
    var m = CRON.matcher(cron);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected an EventBridge cron expression with 6 fields, e.g. cron(0 6 * * ? *), got '"
              + cron
              + "'");
    }
    String[] fields = m.group(1).split(" ");
    if (!fields[2].equals("?") && !fields[4].equals("?")) {
      throw new IllegalArgumentException(
          "EventBridge needs '?' in the day-of-month or the day-of-week field of '" + cron + "'");
    }
    return new Schedule(parts[0], cron);
  }
}

package io.salesflow.query;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The period a report covers, read from the values its query ran with: {@code 2026-01} (year and
 * month), {@code 2025} (year), {@code 2024 to 2026} (year_from and year_to), {@code 2026-11-26 to
 * 2026-12-03} (since and until), {@code now against 2026-01-05T06:00} (as_of); empty for queries
 * without a period (table metadata, snapshots). {@link #describe} adds why: given in the request,
 * the latest period holding data, the current period at run time, or the query's fixed defaults.
 */
public final class ReportPeriod {

  private static final List<String> PERIOD_PARAMETERS =
      List.of(
          "year",
          "month",
          "year_from",
          "year_to",
          "month_from",
          "month_to",
          "since",
          "until",
          "as_of");

  private ReportPeriod() {}

  /** The period of a run with {@code values}. */
  static String of(Map<String, ?> values) {
    Object year = values.get("year");
    Object month = values.get("month");
    Object from = values.get("year_from");
    Object to = values.get("year_to");
    Object since = values.get("since");
    Object until = values.get("until");
    Object asOf = values.get("as_of");
    String period;
    if (year != null && month != null) {
      period = year + "-" + String.format(Locale.ROOT, "%02d", ((Number) month).intValue());
    } else if (year != null) {
      period = year.toString();
    } else if (from != null && to != null) {
      period = from.equals(to) ? from.toString() : from + " to " + to;
    } else if (since != null && until != null) {
      period = since + " to " + until;
    } else {
      period = "";
    }
    if (asOf != null) {
      period = (period.isEmpty() ? "" : period + ", ") + "now against " + asOf;
    }
    return period;
  }

  /**
   * The period of a run with {@code values} and why it is that one.
   *
   * @param defaulted the parameters that took their default, with it
   * @param latest the table's latest period (asked only if a default followed the data)
   */
  static String describe(
      Map<String, ?> values, Map<String, DefaultValue> defaulted, LatestPeriod latest) {
    String period = of(values);
    if (period.isEmpty()) {
      return period;
    }
    List<DefaultValue> used =
        PERIOD_PARAMETERS.stream().filter(defaulted::containsKey).map(defaulted::get).toList();
    String why;
    if (used.isEmpty()) {
      why = "as requested";
    } else if (used.stream().anyMatch(DefaultValue::followsData)) {
      boolean monthly = used.stream().anyMatch(d -> d.text().equals("latest_month"));
      why =
          latest.get().isEmpty()
              ? "sales_history holds no rows yet, so the current " + (monthly ? "month" : "year")
              : "the latest " + (monthly ? "month" : "year") + " holding data in sales_history";
    } else if (used.stream().anyMatch(DefaultValue::dynamic)) {
      why = "relative to the run's time (UTC), the query's default";
    } else {
      why = "the query's default range";
    }
    return period + " (" + why + ")";
  }
}

package io.salesflow.query;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a report summary charts a result: {@code line x=<column> y=<column>[,<column>]
 * [series=<column>]} (or {@code bar}).
 *
 * @param kind {@code line} or {@code bar}
 * @param x column on the horizontal axis, in result order
 * @param y one or more numeric columns
 * @param series optional column whose values split the rows into one line each
 */
public record ChartSpec(String kind, String x, List<String> y, Optional<String> series) {

  public ChartSpec {
    y = List.copyOf(y);
  }

  /**
   * Parses a {@code chart:} header value.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static ChartSpec parse(String text) {
    String[] words = text.trim().split("\\s+");
    if (!List.of("line", "bar").contains(words[0])) {
      throw new IllegalArgumentException("chart kind must be line or bar, got '" + words[0] + "'");
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (String word : Arrays.asList(words).subList(1, words.length)) {
      int eq = word.indexOf('=');
      if (eq <= 0 || !List.of("x", "y", "series").contains(word.substring(0, eq))) {
        throw new IllegalArgumentException(
            "chart options are x=<column>, y=<column>[,<column>] and series=<column>, got '"
                + word
                + "'");
      }
      options.put(word.substring(0, eq), word.substring(eq + 1));
    }
    if (!options.containsKey("x") || !options.containsKey("y")) {
      throw new IllegalArgumentException("chart needs x=<column> and y=<column>");
    }
    return new ChartSpec(
        words[0],
        options.get("x"),
        List.of(options.get("y").split(",")),
        Optional.ofNullable(options.get("series")));
  }
}

package io.salesflow.query;

import java.util.List;
import java.util.Optional;

/**
 * A parameter declared in a query header, e.g. {@code -- param: year integer default=current_year
 * min=2000 max=2100 | Year of sold_date (UTC)}.
 *
 * @param name name, lower-case letters, digits and '_'
 * @param type value type
 * @param defaultValue the default; empty for a required parameter
 * @param min smallest allowed value (integer, decimal, double, date, timestamp), or {@code null}
 * @param max largest allowed value, or {@code null}
 * @param allowed the only allowed values of a string parameter; empty for any
 * @param maxLength longest allowed string
 * @param description what the parameter means
 * @param line header line that declares it
 */
public record QueryParameter(
    String name,
    ParameterType type,
    Optional<DefaultValue> defaultValue,
    Comparable<?> min,
    Comparable<?> max,
    List<String> allowed,
    int maxLength,
    String description,
    int line) {

  /** Longest string value accepted unless the header says otherwise. */
  public static final int DEFAULT_MAX_LENGTH = 256;

  public QueryParameter {
    allowed = List.copyOf(allowed);
  }

  /** Whether a request must give a value. */
  public boolean required() {
    return defaultValue.isEmpty();
  }

  /**
   * Converts and checks a request value.
   *
   * @throws IllegalArgumentException with the rule it breaks, e.g. "is not a whole number"
   */
  public Object accept(Object raw) {
    return check(type.convert(raw));
  }

  /** Checks a converted value against min, max, allowed values and length. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  Object check(Object value) {
    if (min != null && ((Comparable) value).compareTo(min) < 0) {
      throw new IllegalArgumentException("must be at least " + min);
    }
    if (max != null && ((Comparable) value).compareTo(max) > 0) {
      throw new IllegalArgumentException("must be at most " + max);
    }
    if (value instanceof String s) {
      if (s.length() > maxLength) {
        throw new IllegalArgumentException("must be at most " + maxLength + " characters long");
      }
      if (!allowed.isEmpty() && !allowed.contains(s)) {
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
      }
    }
    return value;
  }

  /** "year (integer, default current_year)" for messages and documentation. */
  public String signature() {
    return name
        + " ("
        + type.keyword()
        + defaultValue.map(d -> ", default " + d.text()).orElse(", required")
        + ")";
  }
}
